/**
 * A table's columns derived from the record it stores, so a row cannot drift from the model: camelCase fields
 * become snake_case columns; an optional (or nullable) field is a nullable column; a boolean is stored as 0/1; an
 * array, an object or an unknown value as JSON text; strings (string enums included) and numbers as they are.
 */

type Snake<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}` : S;

type Stored<V> = unknown extends V ? string : [V] extends [boolean] ? number : [V] extends [string] ? V : [V] extends [number] ? number : string;

type Column<M, K extends keyof M> = unknown extends M[K]
  ? object extends Pick<M, K> ? string | null : string
  : object extends Pick<M, K> ? Stored<NonNullable<M[K]>> | null
  : undefined extends M[K] ? Stored<NonNullable<M[K]>> | null
  : null extends M[K] ? Stored<NonNullable<M[K]>> | null
  : Stored<M[K]>;

/** The columns of a record `M` (see the module comment). */
export type Row<M> = { -readonly [K in keyof M & string as Snake<K>]-?: Column<M, K> };

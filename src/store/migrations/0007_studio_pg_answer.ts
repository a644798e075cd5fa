import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

// Postgres only: the studio's common submission as one round trip. `attune_studio_answer` records an answer
// to an open, counted assignment and assigns the annotator's next regular item, in the caller's single
// statement: what StudioStore.record and assignNext do in six round trips (see StudioStore.submit, which
// takes this path only for studies without gold or attention items and falls back to the general one whenever
// the function answers 'slow'). SQLite needs none of this: its statements run in-process.
// Frozen like every migration.

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
create function attune_studio_answer(
  p_assignment text, p_annotator text, p_study text, p_external text, p_kind text, p_judgment text, p_value text,
  p_status text, p_now text, p_next text, p_pair_order text, p_k integer, p_quota integer,
  out outcome text, out judgment_id text, out next_state text, out done bigint, out assigned bigint, out next_seq integer,
  out item_id text, out ord integer, out role text, out payload text, out meta text)
language plpgsql as $$
declare
  a record;
  existing record;
begin
  next_state := 'slow';
  -- Locks the assignment and its annotator, as the general path does.
  select x.item_id, x.status, x.counted into a from assignments x join annotators p on p.id = x.annotator_id
    where x.id = p_assignment and x.annotator_id = p_annotator and x.study_id = p_study for update of x, p;
  if not found or (a.status = 'assigned' and a.counted = 0) then
    outcome := 'slow';
    return;
  end if;
  insert into judgments (id, study_id, annotator, kind, item_key, value, created_at, updated_at)
    values (p_judgment, p_study, p_external, p_kind, p_study || '/' || a.item_id, p_value, p_now, p_now)
    on conflict (annotator, kind, item_key) do nothing returning id into judgment_id;
  if a.status = 'assigned' then
    update assignments set status = p_status, completed_at = p_now, counted = case when p_status = 'done' then 1 else 0 end
      where id = p_assignment;
    if p_status <> 'done' then
      update study_items set fill = fill - 1 where study_id = p_study and id = a.item_id;
    end if;
  end if;
  if judgment_id is not null then
    outcome := 'created';
  else
    select j.id, j.value into existing from judgments j where j.annotator = p_external and j.kind = p_kind and j.item_key = p_study || '/' || a.item_id;
    judgment_id := existing.id;
    outcome := case when existing.value = p_value then 'duplicate' else 'conflict' end;
    if outcome = 'conflict' then
      return;
    end if;
  end if;
  select coalesce(sum(case when status <> 'assigned' then 1 else 0 end), 0), coalesce(sum(case when status = 'assigned' then 1 else 0 end), 0),
      coalesce(max(seq), -1) + 1
    into done, assigned, next_seq from assignments where annotator_id = p_annotator;
  -- An open assignment, or the quota reached: the general path decides.
  if assigned > 0 or (p_quota is not null and done >= p_quota) then
    return;
  end if;
  update study_items s set fill = s.fill + 1 where s.study_id = p_study and s.id = (
      select i.id from study_items i where i.study_id = p_study and i.role = 'regular' and i.fill < p_k
        and not exists (select 1 from assignments m where m.annotator_id = p_annotator and m.item_id = i.id)
      order by i.fill desc, i.ord limit 1 for update skip locked)
    and s.fill < p_k
    returning s.id, s.ord, s.role, s.payload, s.meta into item_id, ord, role, payload, meta;
  if item_id is null then
    return;
  end if;
  insert into assignments (id, study_id, item_id, annotator_id, seq, status, pair_order, assigned_at, leased_at, completed_at, counted)
    values (p_next, p_study, item_id, p_annotator, next_seq, 'assigned', p_pair_order, p_now, p_now, null, 1);
  assigned := 1;
  next_state := 'assigned';
end
$$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop function if exists attune_studio_answer`.execute(db);
}

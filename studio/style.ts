/** The studio's whole stylesheet, served as /assets/studio.css (the CSP allows no inline styles). */
export const STUDIO_CSS = `
:root { --fg: #1d2430; --muted: #5b6473; --line: #d8dde5; --bg: #f6f7f9; --card: #fff; --accent: #2457c5; --yes: #1f7a3d; --no: #a1362b; --hl: #fff3c4; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 16px 20px 64px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 16px 0 8px; }
.muted { color: var(--muted); }
.topbar { display: flex; align-items: center; gap: 8px 16px; margin-bottom: 12px; flex-wrap: wrap; }
.topbar .grow { flex: 1 1 16em; }
#progress { display: inline-flex; align-items: center; gap: 8px; white-space: nowrap; }
progress { width: 200px; max-width: 40vw; height: 10px; }
.page-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.agree { display: flex; gap: 8px; align-items: flex-start; margin-top: 12px; font-weight: 600; cursor: pointer; }
.agree input { margin-top: 4px; width: 18px; height: 18px; flex: none; }
.field { display: block; }
.field span { display: block; margin-bottom: 4px; }
details summary { cursor: pointer; font-weight: 600; }
#resume code { overflow-wrap: anywhere; word-break: break-all; }
.card > h2:first-child, .card > p:first-child { margin-top: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 10px 0; }
.instructions { border-left: 4px solid var(--accent); }
.warning { border-left: 4px solid #c98a00; background: #fffaf0; }
.prompt { white-space: pre-wrap; font-size: 16px; overflow-wrap: anywhere; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; padding: 8px 6px; border-bottom: 1px solid var(--line); }
.row:last-child { border-bottom: 0; }
.row.active { background: #eef3ff; outline: 2px solid var(--accent); border-radius: 6px; }
.row .text { flex: 1 1 12em; min-width: 0; overflow-wrap: anywhere; }
.row .num { color: var(--muted); width: 2em; text-align: right; }
.choices { display: flex; gap: 6px; flex-wrap: wrap; }
button { font: inherit; padding: 5px 12px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
button:hover { border-color: var(--accent); }
button.on { background: var(--accent); color: #fff; border-color: var(--accent); }
button.yes.on { background: var(--yes); border-color: var(--yes); }
button.no.on { background: var(--no); border-color: var(--no); }
button.on .kbd, button.primary .kbd { background: transparent; color: #fff; border-color: rgba(255,255,255,.6); }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); padding: 8px 18px; }
button:disabled { opacity: .5; cursor: default; }
.kbd { font: 12px ui-monospace, monospace; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: #fff; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; align-items: start; }
.scroll { max-height: 70vh; overflow: auto; }
.turn { white-space: pre-wrap; overflow-wrap: anywhere; padding: 6px 8px; margin: 4px 0; border-radius: 6px; border: 1px solid transparent; }
.turn .who { font-size: 12px; color: var(--muted); display: block; }
.turn.user { background: #f1f4fa; }
.turn.evidence { background: var(--hl); border-color: #e2c35a; }
.attr { padding: 10px 6px; border-bottom: 1px solid var(--line); }
.attr.active { background: #eef3ff; outline: 2px solid var(--accent); border-radius: 6px; }
.attr .reason { color: var(--muted); font-size: 14px; margin: 2px 0 6px; }
textarea, input[type=text] { font: inherit; width: 100%; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; }
.response { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 50vh; overflow: auto; }
.scale { display: grid; grid-template-columns: repeat(5, 1fr); gap: 4px; }
.scale button { font-size: 13px; padding: 4px; }
.actions { display: flex; flex-wrap: wrap; gap: 10px 12px; align-items: center; margin-top: 14px; }
.actions .grow { flex: 1; }
.error { color: var(--no); }
.done { text-align: center; padding: 40px; }
.code { font: 22px ui-monospace, monospace; letter-spacing: 2px; overflow-wrap: anywhere; }
.columns > * { min-width: 0; }
.table-wrap { overflow-x: auto; }
tr.flagged td { background: #fff1ef; }
.flag { color: var(--no); font-weight: 600; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); font-size: 14px; }
.stat { display: inline-block; margin-right: 18px; }
.stat b { font-size: 18px; display: block; }
@media (max-width: 800px) { .columns { grid-template-columns: 1fr; } }
@media (max-width: 600px) {
  main { padding: 10px 10px 48px; }
  .card { padding: 12px; }
  .done { padding: 24px 12px; }
  .kbd, .keys { display: none; }
  .scale { grid-template-columns: 1fr; }
  .scale button { text-align: left; padding: 8px 10px; font-size: 14px; }
  .row .choices { width: 100%; justify-content: flex-end; }
  .row .choices button, .attr .choices button { padding: 8px 14px; }
  .row .num { width: auto; }
  .attr .choices { display: grid; grid-template-columns: repeat(3, 1fr); }
  .attr .choices button { white-space: normal; padding: 8px 4px; }
  #progress { width: 100%; }
  progress { flex: 1; max-width: none; }
  .actions button { flex: 1 1 auto; }
}
`;

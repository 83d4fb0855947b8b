using System.Security.Cryptography;
using System.Text;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// The HTML report's only style sheet and script, inlined so the file is self-contained (it is mailed, attached
/// to CI runs and opened offline; nothing may be fetched). The page's Content-Security-Policy allows exactly
/// these two blocks by hash: if escaping ever let markup through, an injected script still would not run.
/// </summary>
internal static class HtmlReportAssets
{
    public const string Css = """
        :root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-alt: #f6f8fa; --deny: #b42318; --warn: #9a6700; --pass: #1a7f37; --stale: #6e40c9; --info: #0969da; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 78rem; padding: 1.5rem; color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
        h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
        nav ul { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
        a { color: var(--info); }
        .muted, .path, .aliases { color: var(--muted); font-size: .85em; }
        .aliases { white-space: nowrap; }
        .summary { font-size: .85em; }
        .verdict { border: 2px solid var(--line); border-left-width: .6rem; border-radius: .4rem; padding: .75rem 1rem; margin: 1rem 0; }
        .verdict h2 { border: 0; margin: 0 0 .25rem; }
        .verdict-deny { border-color: var(--deny); } .verdict-warn { border-color: var(--warn); }
        .verdict-pass { border-color: var(--pass); } .verdict-stale { border-color: var(--stale); }
        .badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; color: #fff; font-weight: 600; font-size: .85em; background: var(--muted); }
        .badge-deny { background: var(--deny); } .badge-warn { background: var(--warn); } .badge-pass { background: var(--pass); }
        .badge-stale { background: var(--stale); } .badge-info, .badge-suppressed { background: var(--muted); }
        .sev-critical, .sev-high { color: var(--deny); font-weight: 600; } .sev-medium { color: var(--warn); font-weight: 600; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0 0; }
        dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
        caption { text-align: left; color: var(--muted); padding: .25rem 0; }
        th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
        thead th { background: var(--bg-alt); white-space: nowrap; }
        tbody tr:nth-child(even) { background: #fbfcfd; }
        th button { all: inherit; cursor: pointer; border: 0; padding: 0; }
        th button::after { content: " \2195"; color: var(--muted); }
        th[aria-sort="ascending"] button::after { content: " \2191"; }
        th[aria-sort="descending"] button::after { content: " \2193"; }
        th button:focus-visible { outline: 2px solid var(--info); }
        ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 1.1rem; }
        ul.tree { padding-left: 0; }
        ul.tree li { margin: .1rem 0; }
        ul.tree .leaf { padding-left: 1.1rem; display: inline-block; }
        summary { cursor: pointer; }
        .flag { margin-left: .35rem; }
        footer { margin-top: 2rem; color: var(--muted); font-size: .85em; }
        @media print { th button::after { content: ""; } details > ul { display: block; } }
        """;

    /// <summary>
    /// Header buttons sort their table (numbers when both keys are numbers, otherwise natural text order, ties
    /// in the original order). <c>#sort=&lt;key&gt;[:asc|:desc]</c> sorts the findings table on load, so a
    /// sorted view can be linked. <c>data-ready</c> on the body says the script ran to the end without throwing.
    /// </summary>
    public const string Script = """
        (function () {
          'use strict';
          function keyOf(cell) {
            var key = cell ? cell.getAttribute('data-sort') : '';
            return key === null ? cell.textContent.trim() : key;
          }
          function compare(a, b) {
            var x = Number(a), y = Number(b);
            if (a !== '' && b !== '' && !isNaN(x) && !isNaN(y)) { return x - y; }
            return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
          }
          function sortTable(table, column, descending) {
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (r1, r2) {
              var c = compare(keyOf(r1.cells[column]), keyOf(r2.cells[column]));
              if (descending) { c = -c; }
              return c !== 0 ? c : Number(r1.getAttribute('data-index')) - Number(r2.getAttribute('data-index'));
            });
            rows.forEach(function (row) { body.appendChild(row); });
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
              if (i === column) { th.setAttribute('aria-sort', descending ? 'descending' : 'ascending'); }
              else if (th.hasAttribute('aria-sort')) { th.setAttribute('aria-sort', 'none'); }
            });
          }
          function columnOf(table, key) {
            var cells = table.tHead.rows[0].cells;
            for (var i = 0; i < cells.length; i++) {
              if (cells[i].getAttribute('data-key') === key) { return i; }
            }
            return -1;
          }
          document.querySelectorAll('table.sortable').forEach(function (table) {
            Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) { row.setAttribute('data-index', String(i)); });
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
              var button = th.querySelector('button');
              if (!button) { return; }
              button.addEventListener('click', function () {
                var current = th.getAttribute('aria-sort');
                var descending = current === 'ascending' ? true
                  : current === 'descending' ? false
                  : th.getAttribute('data-first') === 'desc';
                sortTable(table, column, descending);
              });
            });
          });
          var link = /^#sort=([a-z]+)(?::(asc|desc))?$/.exec(window.location.hash);
          var findings = document.getElementById('findings-table');
          if (link && findings) {
            var column = columnOf(findings, link[1]);
            if (column >= 0) { sortTable(findings, column, link[2] === 'desc'); }
          }
          document.body.setAttribute('data-ready', '1');
        })();
        """;

    /// <summary>The CSP source expression for an inline block: <c>'sha256-&lt;base64&gt;'</c> of its UTF-8 bytes.</summary>
    public static string CspHash(string block) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(block)))}'";
}

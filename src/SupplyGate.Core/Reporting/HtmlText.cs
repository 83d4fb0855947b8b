using System.Text;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// HTML escaping and the few element helpers the HTML report repeats. Every piece of data (package names,
/// advisory summaries, suppression reasons, license names) comes from SBOMs, advisory feeds and policy files
/// the report's reader did not write, so nothing reaches the page unescaped.
/// </summary>
internal static class HtmlText
{
    /// <summary>
    /// Text safe in element content and in double- or single-quoted attribute values. C0 controls other than
    /// tab, LF and CR are not allowed in HTML documents, so they become U+FFFD instead of a parse error.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder? builder = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' or '\n' or '\r' => null,
                < ' ' or '\u007f' => "\uFFFD",
                _ => null,
            };
            if (replacement is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            builder.Append(replacement);
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>"-" for an empty value, so a table cell is never blank (blank cells read as rendering errors).</summary>
    public static string Cell(string? text) => string.IsNullOrEmpty(text) ? "-" : Escape(text);

    /// <summary>
    /// Only http(s) links become anchors: a reference URL from an advisory feed could be <c>javascript:</c> or
    /// <c>data:</c>, and a click on it must not run anything.
    /// </summary>
    public static bool IsSafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>Appends <c>&lt;tr&gt;</c> with one <c>&lt;td&gt;</c> per already-escaped cell.</summary>
    public static void Row(StringBuilder html, IEnumerable<string> escapedCells, string? rowClass = null)
    {
        html.Append(rowClass is null ? "<tr>" : $"<tr class=\"{rowClass}\">");
        foreach (string cell in escapedCells)
        {
            html.Append("<td>").Append(cell).Append("</td>");
        }

        html.Append("</tr>\n");
    }

    /// <summary>Appends a <c>&lt;thead&gt;</c> of column headers (plain words, escaped anyway).</summary>
    public static void Head(StringBuilder html, IEnumerable<string> headers)
    {
        html.Append("<thead><tr>");
        foreach (string header in headers)
        {
            html.Append("<th scope=\"col\">").Append(Escape(header)).Append("</th>");
        }

        html.Append("</tr></thead>\n");
    }
}

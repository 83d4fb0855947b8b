using System.Text;

namespace SupplyGate.Core.Reporting;

/// <summary>Escaping for GitHub-flavoured Markdown table cells and inline text.</summary>
internal static class MarkdownText
{
    /// <summary>"-" for an empty cell, otherwise the text with Markdown and HTML metacharacters neutralised.</summary>
    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "-";
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                // A raw "|" ends the cell and a newline ends the row; "<" could open an HTML tag.
                case '|':
                    builder.Append("\\|");
                    break;
                case '\r' or '\n':
                    builder.Append(' ');
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '\\' or '*' or '_' or '`' or '[' or ']':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Appends a table: a header row, the alignment row, then one row per item.</summary>
    public static void Table(StringBuilder md, string[] headers, IEnumerable<string?[]> rows)
    {
        md.Append("| ").AppendJoin(" | ", headers).Append(" |\n");
        md.Append('|').Append(string.Concat(headers.Select(_ => " --- |"))).Append('\n');
        foreach (string?[] row in rows)
        {
            md.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
        }
    }
}

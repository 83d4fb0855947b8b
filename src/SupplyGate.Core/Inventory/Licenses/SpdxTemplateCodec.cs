using System.Globalization;

namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>
/// The text form of the match templates that build/LicenseTemplateGen writes when SupplyGate.Core is built and the
/// catalog reads at run time, so no process tokenises the 170 KB of bundled texts again. A header line, then one
/// line per template: id, any-appendix flag (0/1), where the optional tail starts, the fewest and the most words a
/// match has, the title words (sorted), the pattern words; tab-separated, words space-separated, a placeholder as
/// <c>*</c> (a word is letters and digits only, so neither separator nor <c>*</c> occurs in one). The index fields
/// are read up front; a template's words only when a text of a length it can match is compared with it.
/// </summary>
internal static class SpdxTemplateCodec
{
    public const string Header = "sg-license-templates-1";

    private const char PlaceholderToken = '*';

    /// <summary>Writes <paramref name="templates"/>, in order.</summary>
    /// <exception cref="InvalidOperationException">A word the format cannot carry (the tokeniser changed).</exception>
    public static void Write(TextWriter writer, IEnumerable<SpdxLicenseTemplate> templates)
    {
        writer.Write(Header);
        writer.Write('\n');
        foreach (SpdxLicenseTemplate template in templates)
        {
            writer.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"{template.Id}\t{(template.AnyAppendix ? 1 : 0)}\t{template.OptionalFrom}\t{template.MinWords}\t{template.MaxWords}\t"));
            WriteWords(writer, template.Id, template.TitleWords.Order(StringComparer.Ordinal));
            writer.Write('\t');
            WriteWords(writer, template.Id, template.Pattern);
            writer.Write('\n');
        }
    }

    /// <summary>The templates of <paramref name="text"/> (what <see cref="Write"/> wrote), each parsed on first use.</summary>
    /// <exception cref="InvalidOperationException">Not that format (a stale or damaged resource).</exception>
    public static SpdxTemplateEntry[] Read(string text) => Read(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The templates of the non-empty <paramref name="lines"/> of what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidOperationException">Not that format (a stale or damaged resource).</exception>
    public static SpdxTemplateEntry[] Read(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || lines[0] != Header)
        {
            throw new InvalidOperationException($"The license templates resource does not start with '{Header}'.");
        }

        var entries = new SpdxTemplateEntry[lines.Count - 1];
        for (int i = 1; i < lines.Count; i++)
        {
            string[] fields = lines[i].Split('\t');
            if (fields.Length != 7 || fields[1] is not ("0" or "1")
                || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int optionalFrom)
                || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out int minWords)
                || !int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out int maxWords))
            {
                throw new InvalidOperationException($"Line {i + 1} of the license templates resource is not a template.");
            }

            string id = fields[0];
            bool anyAppendix = fields[1] == "1";
            string title = fields[5];
            string pattern = fields[6];
            entries[i - 1] = new SpdxTemplateEntry(id, minWords, maxWords, () =>
            {
                SpdxLicenseTemplate template = SpdxLicenseTemplate.FromParts(id, ReadWords(pattern), optionalFrom, anyAppendix, ReadWords(title));
                if (template.MinWords != minWords || template.MaxWords != maxWords)
                {
                    throw new InvalidOperationException($"The {id} template's word bounds do not match its words.");
                }

                return template;
            });
        }

        return entries;
    }

    private static void WriteWords(TextWriter writer, string id, IEnumerable<string> words)
    {
        bool first = true;
        foreach (string word in words)
        {
            if (!first)
            {
                writer.Write(' ');
            }

            first = false;
            if (string.Equals(word, LicenseTokens.Placeholder, StringComparison.Ordinal))
            {
                writer.Write(PlaceholderToken);
                continue;
            }

            if (word.Length == 0 || !word.All(char.IsLetterOrDigit))
            {
                throw new InvalidOperationException($"The {id} template has the word '{word}', which is not letters and digits only.");
            }

            writer.Write(word);
        }
    }

    private static string[] ReadWords(string field)
    {
        if (field.Length == 0)
        {
            return [];
        }

        string[] words = field.Split(' ');
        for (int i = 0; i < words.Length; i++)
        {
            if (words[i] is [PlaceholderToken])
            {
                words[i] = LicenseTokens.Placeholder;
            }
        }

        return words;
    }
}

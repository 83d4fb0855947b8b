using System.Text;

namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>
/// The SPDX license texts SupplyGate recognises in a package's license file (docs/licenses.md lists them), bundled
/// from the SPDX License List (Inventory/Licenses/SpdxTexts/README.md gives source and license). Their match
/// templates are built from the texts when SupplyGate.Core is built (build/LicenseTemplateGen) and embedded; a
/// process reads the small index and parses a template's words only when a text of a length it can match is
/// compared with it, so identifying an MIT file never reads the GPL's 5,000 words.
/// </summary>
internal static class SpdxLicenseCatalog
{
    private static readonly Lazy<SpdxTemplateEntry[]> Entries = new(Load);

    /// <summary>Every bundled template, in match order (<see cref="SpdxLicenseDefinitions.Licenses"/>).</summary>
    public static IReadOnlyList<SpdxLicenseTemplate> Templates => [.. Entries.Value.Select(e => e.Template)];

    /// <summary>The SPDX id whose text <paramref name="text"/> is, or null when it is none of them.</summary>
    public static string? Identify(string text) => Identify(Entries.Value, text);

    /// <summary><see cref="Identify(string)"/> over <paramref name="entries"/>.</summary>
    internal static string? Identify(IReadOnlyList<SpdxTemplateEntry> entries, string text)
    {
        List<string> words = LicenseTokens.Words(text);
        if (words.Count == 0)
        {
            return null;
        }

        // Templates are tried in order; a text matches at most one (they differ in most words).
        foreach (SpdxTemplateEntry entry in entries)
        {
            if (entry.CanMatch(words.Count) && entry.Template.Matches(words))
            {
                return entry.Id;
            }
        }

        return null;
    }

    /// <summary>The generated templates resource, as embedded.</summary>
    internal static string GeneratedText()
    {
        using Stream stream = typeof(SpdxLicenseCatalog).Assembly.GetManifestResourceStream(SpdxLicenseDefinitions.TemplatesResource)
            ?? throw new InvalidOperationException("The generated SPDX license templates are missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The non-empty lines of the generated templates resource. Read line by line from its UTF-8 bytes: the whole
    /// text as one string (175,000 characters, 350 KB) was a large-object-heap allocation in every build that
    /// inventoried a package, where each line (at most some 33,000 characters) is not (docs/performance.md).
    /// </summary>
    internal static List<string> GeneratedLines()
    {
        using Stream stream = typeof(SpdxLicenseCatalog).Assembly.GetManifestResourceStream(SpdxLicenseDefinitions.TemplatesResource)
            ?? throw new InvalidOperationException("The generated SPDX license templates are missing from the assembly.");
        return Utf8Lines.Read(stream);
    }

    private static SpdxTemplateEntry[] Load()
    {
        SpdxTemplateEntry[] entries = SpdxTemplateCodec.Read(GeneratedLines());
        if (!entries.Select(e => e.Id).SequenceEqual(SpdxLicenseDefinitions.Licenses.Select(l => l.Id), StringComparer.Ordinal))
        {
            throw new InvalidOperationException("The generated SPDX license templates are not those of the bundled licenses (a stale build).");
        }

        return entries;
    }
}

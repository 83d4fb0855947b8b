using System.Reflection;

namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>
/// The SPDX license texts SupplyGate recognises in a package's license file (docs/licenses.md lists them), bundled
/// from the SPDX License List (Inventory/Licenses/SpdxTexts/README.md gives source and license). The variables are
/// the parts the SPDX templates mark as replaceable (https://github.com/spdx/license-list-XML, <c>&lt;alt&gt;</c>).
/// </summary>
internal static class SpdxLicenseCatalog
{
    private const string ResourcePrefix = "SupplyGate.Core.Licenses.";

    private static readonly (string Id, string[] Variables, bool AnyAppendix)[] Licenses =
    [
        ("MIT", ["shall the {authors or copyright holders} be liable"], false),
        ("MIT-0", ["shall the {authors or copyright holders} be liable"], false),
        ("Apache-2.0", [], false),
        ("BSD-2-Clause", ["provided by {the copyright holders and contributors} as is", "shall {the copyright holder or contributors} be liable"], false),
        ("BSD-3-Clause",
        [
            "neither the name of {the copyright holder} nor", "provided by {the copyright holders and contributors} as is",
            "shall {the copyright holder or contributors} be liable",
        ], false),
        ("0BSD", ["and {the author} disclaims", "shall {the author} be liable"], false),
        ("ISC", ["and {isc} disclaims", "shall {isc} be liable"], false),
        ("MS-PL", [], false),
        ("MS-RL", [], false),
        ("Unlicense", [], false),
        ("Zlib", [], false),
        ("BSL-1.0", [], false),
        ("MPL-2.0", [], false),
        ("EPL-2.0", [], false),
        ("LGPL-2.1-only", [], true),
        ("GPL-2.0-only", ["copying, distribution and modification follow. {} terms and conditions"], true),
        ("GPL-3.0-only", [], true),
        ("AGPL-3.0-only", [], true),
        ("CC0-1.0", [], false),
        ("WTFPL", [], false),
        ("BlueOak-1.0.0", [], false),
        ("Elastic-2.0", [], false),
    ];

    private static readonly Lazy<IReadOnlyList<SpdxLicenseTemplate>> Loaded = new(Load);

    /// <summary>Every bundled template, in the order above.</summary>
    public static IReadOnlyList<SpdxLicenseTemplate> Templates => Loaded.Value;

    /// <summary>The SPDX id whose text <paramref name="text"/> is, or null when it is none of them.</summary>
    public static string? Identify(string text)
    {
        List<string> words = LicenseTokens.Words(text);
        if (words.Count == 0)
        {
            return null;
        }

        // Templates are tried in order; a text matches at most one (they differ in most words).
        return Templates.FirstOrDefault(t => t.Matches(words))?.Id;
    }

    private static List<SpdxLicenseTemplate> Load()
    {
        Assembly assembly = typeof(SpdxLicenseCatalog).Assembly;
        var templates = new List<SpdxLicenseTemplate>(Licenses.Length);
        foreach ((string id, string[] variables, bool anyAppendix) in Licenses)
        {
            using Stream stream = assembly.GetManifestResourceStream(ResourcePrefix + id + ".txt")
                ?? throw new InvalidOperationException($"The bundled SPDX text of {id} is missing from the assembly.");
            using var reader = new StreamReader(stream);
            templates.Add(SpdxLicenseTemplate.Create(id, reader.ReadToEnd(), variables, anyAppendix));
        }

        return templates;
    }
}

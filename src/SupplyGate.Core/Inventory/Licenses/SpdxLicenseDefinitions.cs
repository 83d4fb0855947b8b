namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>
/// The SPDX licenses whose texts are bundled (SpdxTexts/), in match order, with the phrases the SPDX templates mark
/// as replaceable (https://github.com/spdx/license-list-XML, <c>&lt;alt&gt;</c>). Shared with build/LicenseTemplateGen,
/// which turns each text into its match template when SupplyGate.Core is built.
/// </summary>
internal static class SpdxLicenseDefinitions
{
    /// <summary>Where the bundled texts are embedded: this prefix, the id, ".txt".</summary>
    public const string TextResourcePrefix = "SupplyGate.Core.Licenses.";

    /// <summary>The templates build/LicenseTemplateGen generated from the texts (<see cref="SpdxTemplateCodec"/>'s format).</summary>
    public const string TemplatesResource = "SupplyGate.Core.LicenseTemplates.txt";

    /// <summary>Id, variable phrases, and whether anything may follow "END OF TERMS AND CONDITIONS".</summary>
    public static readonly (string Id, string[] Variables, bool AnyAppendix)[] Licenses =
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
}

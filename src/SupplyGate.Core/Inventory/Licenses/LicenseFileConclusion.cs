using System.Text;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>A package's license file as read: its bytes when within the size limit, its length and SHA-256.</summary>
/// <param name="Path">The path inside the package, as the nuspec names it (forward slashes).</param>
/// <param name="Bytes">The file's bytes; null when it is larger than the limit (then only hashed).</param>
/// <param name="Length">The file's size in bytes.</param>
/// <param name="Sha256">SHA-256 of the whole file, lower-case hex.</param>
public sealed record LicenseFileContent(string Path, byte[]? Bytes, long Length, string Sha256);

/// <summary>What a license file says, as CycloneDX license entries and the properties that record the evidence.</summary>
public sealed record LicenseConclusion(IReadOnlyList<LicenseChoice> Licenses, IReadOnlyList<Property> Properties);

/// <summary>
/// Concludes a package's license from its license file (docs/licenses.md): an SPDX text is that SPDX id,
/// <c>acknowledgement: concluded</c>; anything else is <c>LicenseRef-&lt;package&gt;-&lt;file&gt;</c>, <c>declared</c>,
/// with the file's text attached so a reviewer can read it in the SBOM. Pure: the caller reads the file.
/// </summary>
public static class LicenseFileConclusion
{
    /// <summary>Largest license file whose text is matched and attached; a larger one is recorded by hash.</summary>
    public const int MaxTextBytes = 256 * 1024;

    /// <summary>The <c>LicenseRef-</c> id of a package's unidentified license file: only <c>[A-Za-z0-9.-]</c> (SPDX idstring).</summary>
    public static string LicenseRefId(string packageId, string filePath)
    {
        var builder = new StringBuilder("LicenseRef-");
        foreach (char c in $"{packageId}-{filePath.Replace('\\', '/').TrimStart('/')}")
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        }

        return builder.ToString();
    }

    /// <summary>The license entries and evidence properties for <paramref name="file"/> of package <paramref name="packageId"/>.</summary>
    public static LicenseConclusion Conclude(string packageId, LicenseFileContent file, string? licenseUrl)
    {
        ArgumentNullException.ThrowIfNull(file);
        string? text = Decode(file.Bytes);
        string? id = text is null ? null : SpdxLicenseCatalog.Identify(text);
        var properties = new List<Property>
        {
            new(PropertyNames.LicenseFile, file.Path),
            new(PropertyNames.LicenseFileSha256, file.Sha256),
            new(PropertyNames.LicenseSource, id is null ? LicenseSources.FileUnidentified : LicenseSources.FileTextMatch),
        };

        License license = id is not null
            ? new License { Id = id, Acknowledgement = "concluded", Url = licenseUrl }
            : new License
            {
                Name = LicenseRefId(packageId, file.Path),
                Acknowledgement = "declared",
                Text = text is null ? null : new AttachedText(text, "text/plain"),
                Url = licenseUrl,
            };
        return new LicenseConclusion([license], properties);
    }

    /// <summary>The file as UTF-8 text (a BOM is dropped), or null when too large or not UTF-8.</summary>
    private static string? Decode(byte[]? bytes)
    {
        if (bytes is null || bytes.Length > MaxTextBytes)
        {
            return null;
        }

        try
        {
            string text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

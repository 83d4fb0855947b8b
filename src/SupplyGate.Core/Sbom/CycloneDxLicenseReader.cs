using System.Text.Json;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// Maps a CycloneDX 1.6 <c>licenseChoice</c> (a license by id or name, or an SPDX expression) onto the model.
/// Spec: https://github.com/CycloneDX/specification/blob/e02a34ae/schema/bom-1.6.schema.json
/// (<c>definitions.licenseChoice</c>, <c>license</c>, <c>attachment</c>). As for the rest of the reader, what the
/// model cannot reproduce exactly stays raw in <c>Unknown</c>.
/// </summary>
internal static class CycloneDxLicenseReader
{
    public static bool TryReadLicenseChoice(JsonElement element, out LicenseChoice choice)
    {
        choice = null!;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (element.TryGetProperty("license", out JsonElement inner))
        {
            // {"license": {...}} admits no sibling members (schema: additionalProperties false).
            if (inner.ValueKind != JsonValueKind.Object || element.EnumerateObject().Count() != 1)
            {
                return false;
            }

            choice = ReadLicense(inner);
            return true;
        }

        string? expression = null, acknowledgement = null;
        var unknown = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty member in element.EnumerateObject())
        {
            bool typed = member.Name switch
            {
                "expression" => CycloneDxModelReader.TryReadString(member.Value, out expression),
                "acknowledgement" => CycloneDxModelReader.TryReadString(member.Value, out acknowledgement),
                _ => false,
            };
            if (!typed)
            {
                unknown[member.Name] = member.Value;
            }
        }

        if (expression is null)
        {
            return false;
        }

        choice = new LicenseExpression(expression) { Acknowledgement = acknowledgement, Unknown = unknown };
        return true;
    }

    private static License ReadLicense(JsonElement element)
    {
        string? id = null, name = null, url = null, acknowledgement = null;
        AttachedText? text = null;
        var unknown = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty member in element.EnumerateObject())
        {
            bool typed = member.Name switch
            {
                "id" => CycloneDxModelReader.TryReadString(member.Value, out id),
                "name" => CycloneDxModelReader.TryReadString(member.Value, out name),
                "url" => CycloneDxModelReader.TryReadString(member.Value, out url),
                "acknowledgement" => CycloneDxModelReader.TryReadString(member.Value, out acknowledgement),
                "text" => TryReadAttachedText(member.Value, out text),
                _ => false,
            };
            if (!typed)
            {
                unknown[member.Name] = member.Value;
            }
        }

        return new License { Id = id, Name = name, Url = url, Acknowledgement = acknowledgement, Text = text, Unknown = unknown };
    }

    /// <summary>An attachment with only string <c>content</c>, <c>contentType</c>, <c>encoding</c>; anything else stays unknown.</summary>
    private static bool TryReadAttachedText(JsonElement element, out AttachedText? text)
    {
        text = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        string? content = null, contentType = null, encoding = null;
        foreach (JsonProperty member in element.EnumerateObject())
        {
            bool read = member.Name switch
            {
                "content" => CycloneDxModelReader.TryReadString(member.Value, out content),
                "contentType" => CycloneDxModelReader.TryReadString(member.Value, out contentType),
                "encoding" => CycloneDxModelReader.TryReadString(member.Value, out encoding),
                _ => false,
            };
            if (!read)
            {
                return false;
            }
        }

        text = content is null ? null : new AttachedText(content, contentType, encoding);
        return text is not null;
    }
}

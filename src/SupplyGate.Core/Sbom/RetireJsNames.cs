using System.Text.Json;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// The npm package a RetireJS library entry (https://github.com/RetireJS/retire.js/tree/master/repository) is
/// reported and matched under: its <c>npmname</c>, a known rename, or its key in lowercase. One rule for the
/// inventory (component purls) and the advisory importer (affected package names), so the two always meet.
/// </summary>
internal static class RetireJsNames
{
    /// <summary>RetireJS entries that are not libraries.</summary>
    public static bool IsIgnored(string key) => key is "retire-example" or "dont check";

    // RetireJS keys whose npm package has another name and no "npmname" in the repository.
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["ember"] = "ember-source",
        ["ckeditor"] = "ckeditor4",
    };

    public static string NpmName(string key, JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("npmname", out JsonElement npm) && npm.ValueKind == JsonValueKind.String
            && npm.GetString() is { Length: > 0 } name ? name
        : Renamed.TryGetValue(key, out string? renamed) ? renamed
        : key.ToLowerInvariant();
}

using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// A manifest naming the library whose files sit under <paramref name="Directory"/> (app-relative, ending in
/// <c>/</c>, or empty for the root): a <c>package.json</c> or <c>bower.json</c> beside a vendored copy, or a
/// <c>libman.json</c> library entry and its destination.
/// </summary>
internal sealed record ManifestLibrary(string Directory, string NpmName, string Version, string? License, string ManifestPath);

/// <summary>Reads <c>package.json</c>, <c>bower.json</c> and <c>libman.json</c> (https://github.com/aspnet/LibraryManager/wiki/libman.json-reference).</summary>
internal static class LibraryManifests
{
    internal const int MaxManifestBytes = 1024 * 1024;

    // cdnjs names of libraries whose npm package is named differently (LibMan's default provider is cdnjs).
    private static readonly Dictionary<string, string> CdnjsToNpm = new(StringComparer.OrdinalIgnoreCase)
    {
        ["twitter-bootstrap"] = "bootstrap",
        ["jquery-validate"] = "jquery-validation",
        ["angular.js"] = "angular",
        ["moment.js"] = "moment",
        ["underscore.js"] = "underscore",
        ["backbone.js"] = "backbone",
        ["lodash.js"] = "lodash",
        ["Chart.js"] = "chart.js",
        ["knockout"] = "knockout",
        ["popper.js"] = "popper.js",
    };

    /// <summary>
    /// A <c>package.json</c>/<c>bower.json</c> with a name and version, unless it is <c>"private": true</c> (that
    /// is an application's own manifest, not a vendored library's). Null when it names nothing usable.
    /// </summary>
    public static ManifestLibrary? ReadPackageManifest(string path, ReadOnlySpan<byte> content)
    {
        try
        {
            // Proven decodable first: a lone surrogate escape would otherwise fail later, inside GetString (found by fuzzing).
            ReadOnlyMemory<byte> text = InputJson.Check(content.ToArray(), path, DiagnosticCode.ClientLibraryDataInvalid, maxDepth: 64);
            var reader = new Utf8JsonReader(text.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || (root.TryGetProperty("private", out JsonElement isPrivate) && isPrivate.ValueKind == JsonValueKind.True)
                || Text(root, "name") is not { } name || Text(root, "version") is not { } version
                || !IsNpmName(name) || !char.IsAsciiDigit(version[0]))
            {
                return null;
            }

            return new ManifestLibrary(DirectoryOf(path), name, version, SpdxOrNull(Text(root, "license")), path);
        }
        catch (Exception ex) when (ex is JsonException or InvalidInputException)
        {
            // A vendored package.json that is not readable JSON identifies nothing; the files are still looked at by content.
            return null;
        }
    }

    /// <summary>The libraries of a project's <c>libman.json</c>, with destinations relative to the project (= the publish root for <c>wwwroot/…</c>).</summary>
    /// <exception cref="InvalidInputException">SG1061 when the file is not a libman.json.</exception>
    public static IReadOnlyList<ManifestLibrary> ReadLibMan(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(DiagnosticCode.LibManInvalid, $"{path}: cannot read libman.json: {ex.Message}", path, ex);
        }

        return ParseLibMan(content, path);
    }

    internal static IReadOnlyList<ManifestLibrary> ParseLibMan(ReadOnlySpan<byte> content, string path)
    {
        var result = new List<ManifestLibrary>();
        try
        {
            ReadOnlyMemory<byte> text = InputJson.Check(content.ToArray(), path, DiagnosticCode.LibManInvalid, maxDepth: 64);
            var reader = new Utf8JsonReader(text.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("libraries", out JsonElement libraries) || libraries.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidInputException(DiagnosticCode.LibManInvalid, $"{path}: a libman.json is an object with a \"libraries\" array", path);
            }

            string? defaultProvider = Text(root, "defaultProvider");
            string? defaultDestination = Text(root, "defaultDestination");
            foreach (JsonElement library in libraries.EnumerateArray())
            {
                if (library.ValueKind != JsonValueKind.Object || Text(library, "library") is not { } id)
                {
                    throw new InvalidInputException(DiagnosticCode.LibManInvalid, $"{path}: every \"libraries\" entry needs a \"library\" (name@version)", path);
                }

                int at = id.LastIndexOf('@');
                if (at <= 0 || at == id.Length - 1)
                {
                    // "filesystem" provider entries and unversioned ids name no release; nothing to report.
                    continue;
                }

                string provider = Text(library, "provider") ?? defaultProvider ?? "cdnjs";
                string name = id[..at];
                string version = id[(at + 1)..];
                if (string.Equals(provider, "filesystem", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (string.Equals(provider, "cdnjs", StringComparison.OrdinalIgnoreCase) && CdnjsToNpm.TryGetValue(name, out string? npm))
                {
                    name = npm;
                }

                string? destination = Text(library, "destination")
                    ?? (defaultDestination is null ? null : defaultDestination.TrimEnd('/', '\\') + "/" + id[..at]);
                if (destination is null)
                {
                    continue;
                }

                result.Add(new ManifestLibrary(NormalizeDirectory(destination), name, version, null, "libman.json"));
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(DiagnosticCode.LibManInvalid, $"{path}: not valid JSON: {ex.Message}", path, ex);
        }

        return result;
    }

    internal static string DirectoryOf(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..(slash + 1)] : string.Empty;

    private static string NormalizeDirectory(string destination)
    {
        string d = destination.Replace('\\', '/').TrimStart('.', '/');
        return d.Length == 0 || d.EndsWith('/') ? d : d + "/";
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s.Trim() : null;

    private static bool IsNpmName(string name) =>
        name.Length <= 214 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '@' or '/' or '~');

    /// <summary>A license field that reads as an SPDX id or expression; URLs and prose are not licenses we can name.</summary>
    internal static string? SpdxOrNull(string? license) =>
        license is { Length: > 0 and <= 200 } l && l.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '+' or ' ' or '(' or ')' or ':')
            && !l.Contains("://", StringComparison.Ordinal) && char.IsAsciiLetter(l.TrimStart('(')[0])
            ? l
            : null;
}

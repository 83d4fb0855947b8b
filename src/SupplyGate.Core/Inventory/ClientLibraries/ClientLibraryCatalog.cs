using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// The libraries SupplyGate recognises, read from a RetireJS repository document (<c>jsrepository-v5.json</c>
/// format, https://github.com/RetireJS/retire.js/tree/master/repository): <c>filename</c> and <c>filecontent</c>
/// regexes where <c>§§version§§</c> stands for the version, and SHA-1 <c>hashes</c>. AST and <c>func</c>
/// extractors need a JavaScript engine and are not used; <c>uri</c> extractors describe CDN URLs, which are
/// not shipped files. The bundled snapshot is loaded once per process.
/// </summary>
public sealed class ClientLibraryCatalog
{
    /// <summary>The RetireJS version placeholder and the expression RetireJS itself substitutes for it.</summary>
    private const string VersionPlaceholder = "§§version§§";
    private const string VersionExpression = @"[0-9][0-9.a-z_\-]+";
    private const string BundledResource = "SupplyGate.Core.ClientLibraries.retirejs-jsrepository-v5.json";
    private const string SupplementResource = "SupplyGate.Core.ClientLibraries.supplygate-extractors.json";
    private const string StylesheetResource = "SupplyGate.Core.ClientLibraries.supplygate-stylesheets.json";

    private static readonly Lazy<ClientLibraryCatalog> Bundled = new(LoadBundled, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<ClientLibraryCatalog> BundledStylesheets = new(LoadStylesheets, LazyThreadSafetyMode.ExecutionAndPublication);

    private ClientLibraryCatalog(IReadOnlyList<ClientLibraryDefinition> libraries)
    {
        Libraries = libraries;
        ContentLiterals = new LiteralSet([.. libraries.SelectMany(l => l.FileContents).Select(p => p.Literal).OfType<string>()]);
        var byHash = new Dictionary<string, (ClientLibraryDefinition, string)>(StringComparer.Ordinal);
        foreach (ClientLibraryDefinition library in libraries)
        {
            foreach ((string sha1, string version) in library.Sha1Hashes)
            {
                byHash.TryAdd(sha1, (library, version));
            }
        }

        HashIndex = byHash;
    }

    public IReadOnlyList<ClientLibraryDefinition> Libraries { get; }

    /// <summary>Patterns that .NET cannot compile (JavaScript-only syntax); they are left out, never half-applied. Compiles every pattern.</summary>
    public int SkippedPatterns => Libraries.SelectMany(l => l.FileNames.Concat(l.FileContents)).Count(p => p.Regex is null);

    /// <summary>The literals of the content patterns, searched for in one pass over a file.</summary>
    internal LiteralSet ContentLiterals { get; }

    /// <summary>SHA-1 of a known file → library and version.</summary>
    internal IReadOnlyDictionary<string, (ClientLibraryDefinition Library, string Version)> HashIndex { get; }

    /// <summary>The bundled RetireJS snapshot (Inventory/ClientLibraries/Data/README.md).</summary>
    public static ClientLibraryCatalog Default => Bundled.Value;

    /// <summary>
    /// The banners of CSS-only libraries (Data/supplygate-stylesheets.json): a stylesheet is matched against these
    /// only. Script patterns are not meant for stylesheets, and a handful of patterns is cheap to load.
    /// </summary>
    public static ClientLibraryCatalog Stylesheets => BundledStylesheets.Value;

    /// <summary>Opens the bundled RetireJS repository document (also the offline advisory source).</summary>
    public static Stream OpenBundledRepository() =>
        typeof(ClientLibraryCatalog).Assembly.GetManifestResourceStream(BundledResource)
        ?? throw new InvalidOperationException($"embedded resource {BundledResource} is missing");

    /// <exception cref="InvalidInputException">SG1060 when the document is not a RetireJS repository.</exception>
    public static ClientLibraryCatalog Parse(Stream json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(DiagnosticCode.ClientLibraryDataInvalid, $"{name}: not a RetireJS repository document: {ex.Message}", name, ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInputException(DiagnosticCode.ClientLibraryDataInvalid, $"{name}: a RetireJS repository is a JSON object keyed by library name", name);
            }

            var libraries = new List<ClientLibraryDefinition>();
            foreach (JsonProperty entry in document.RootElement.EnumerateObject())
            {
                if (RetireJsNames.IsIgnored(entry.Name) || entry.Value.ValueKind != JsonValueKind.Object
                    || !entry.Value.TryGetProperty("extractors", out JsonElement extractors) || extractors.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                libraries.Add(new ClientLibraryDefinition
                {
                    Name = entry.Name,
                    NpmName = RetireJsNames.NpmName(entry.Name, entry.Value),
                    FileNames = Patterns(extractors, "filename", anchored: true),
                    FileContents = Patterns(extractors, "filecontent", anchored: false),
                    Sha1Hashes = Hashes(extractors),
                    Licenses = Licenses(entry.Value),
                });
            }

            return new ClientLibraryCatalog(libraries);
        }
    }

    private static List<LibraryPattern> Patterns(JsonElement extractors, string kind, bool anchored)
    {
        var result = new List<LibraryPattern>();
        if (!extractors.TryGetProperty(kind, out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (JsonElement item in list.EnumerateArray())
        {
            if (item.GetString() is not { Length: > 0 } source || !source.Contains(VersionPlaceholder, StringComparison.Ordinal))
            {
                continue;
            }

            // RetireJS matches a filename pattern against the whole file name.
            string pattern = source.Replace(VersionPlaceholder, VersionExpression, StringComparison.Ordinal);
            result.Add(new LibraryPattern(anchored ? $"^(?:{pattern})$" : pattern, pattern));
        }

        return result;
    }

    private static Dictionary<string, string> Hashes(JsonElement extractors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (extractors.TryGetProperty("hashes", out JsonElement hashes) && hashes.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty hash in hashes.EnumerateObject())
            {
                if (hash.Value.ValueKind == JsonValueKind.String && hash.Name.Length == 40)
                {
                    result[hash.Name.ToLowerInvariant()] = hash.Value.GetString()!;
                }
            }
        }

        return result;
    }

    private static List<VersionedLicense> Licenses(JsonElement entry)
    {
        var result = new List<VersionedLicense>();
        if (entry.TryGetProperty("licenses", out JsonElement licenses) && licenses.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in licenses.EnumerateArray())
            {
                // "MIT >=0", "(GPL-2.0 OR MIT) >=0.3.0 <0.7.20": the expression, then the ranges after the last ')' or first space.
                if (item.GetString() is not { Length: > 0 } text)
                {
                    continue;
                }

                int split = text.StartsWith('(') ? text.IndexOf(')', StringComparison.Ordinal) + 1 : text.IndexOf(' ', StringComparison.Ordinal);
                if (split > 0 && split < text.Length)
                {
                    result.Add(new VersionedLicense(text[..split].Trim(), text[split..].Trim()));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The bundled RetireJS snapshot plus SupplyGate's own extractors, in the same format, for libraries the
    /// ASP.NET Core templates vendor that RetireJS does not list (Data/supplygate-extractors.json).
    /// </summary>
    private static ClientLibraryCatalog LoadBundled()
    {
        using Stream stream = OpenBundledRepository();
        using Stream supplement = typeof(ClientLibraryCatalog).Assembly.GetManifestResourceStream(SupplementResource)
            ?? throw new InvalidOperationException($"embedded resource {SupplementResource} is missing");
        ClientLibraryCatalog retire = Parse(stream, "bundled RetireJS repository");
        ClientLibraryCatalog own = Parse(supplement, "bundled SupplyGate extractors");
        return new ClientLibraryCatalog([.. retire.Libraries, .. own.Libraries.Where(l => retire.Libraries.All(r => r.NpmName != l.NpmName))]);
    }

    private static ClientLibraryCatalog LoadStylesheets()
    {
        using Stream stream = typeof(ClientLibraryCatalog).Assembly.GetManifestResourceStream(StylesheetResource)
            ?? throw new InvalidOperationException($"embedded resource {StylesheetResource} is missing");
        return Parse(stream, "bundled stylesheet extractors");
    }
}

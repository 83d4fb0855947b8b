using System.IO.Compression;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// Finds the client-side libraries among the files an application ships (docs/client-libraries.md). Only files
/// that can match are read: scripts (<c>.js</c>, <c>.mjs</c>, <c>.cjs</c>) up to <see cref="MaxScriptBytes"/>,
/// the banner of stylesheets (<c>.css</c>), <c>package.json</c>/<c>bower.json</c> manifests, and the LICENSE
/// files of libraries whose license nothing else states. A <c>.map</c>, <c>.gz</c> or <c>.br</c> copy beside its
/// script is never read: it is the same component as the script. A precompressed copy alone is decompressed
/// (bounded) and read like the script.
/// </summary>
public static class ClientLibraryScanner
{
    /// <summary>Bytes read per script; beyond this a file is recognised by its first bytes only and not hashed.</summary>
    public const int MaxScriptBytes = 8 * 1024 * 1024;

    private static readonly string[] ScriptExtensions = [".js", ".mjs", ".cjs"];
    private static readonly string[] StylesheetExtensions = [".css"];

    // KnownLicense: the license the catalog records for this library and version.
    // ManifestDirectory: the folder of the manifest that named the file (the library's root for its license file).
    private sealed record Identified(
        string NpmName, string Version, string? CatalogName, string? Sha256, List<IdentificationMethod> Methods, string? BannerLicense, string? ManifestLicense, string? KnownLicense, string? ManifestDirectory = null);

    public static IReadOnlyList<ClientLibrary> Scan(
        IStaticFileTree tree,
        ClientLibraryCatalog catalog,
        IReadOnlyList<string>? libManFiles,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Scan(tree, () => catalog, libManFiles, ScanCache.None, cancellationToken);
    }

    /// <summary>As below, remembering nothing between scans.</summary>
    public static IReadOnlyList<ClientLibrary> Scan(
        IStaticFileTree tree,
        Func<ClientLibraryCatalog> catalogOnDemand,
        IReadOnlyList<string>? libManFiles,
        CancellationToken cancellationToken) =>
        Scan(tree, catalogOnDemand, libManFiles, ScanCache.None, cancellationToken);

    /// <summary>
    /// With the catalog loaded only when a script has to be read: loading the RetireJS data costs tens of
    /// milliseconds, which an app that ships no script (most services), or whose scripts <paramref name="cache"/>
    /// already knows, should not pay on every build.
    /// </summary>
    public static IReadOnlyList<ClientLibrary> Scan(
        IStaticFileTree tree,
        Func<ClientLibraryCatalog> catalogOnDemand,
        IReadOnlyList<string>? libManFiles,
        ScanCache cache,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(catalogOnDemand);
        ArgumentNullException.ThrowIfNull(cache);
        ClientLibraryCatalog? catalog = null;
        List<StaticFile> files = [.. tree.Files(cancellationToken)];
        var paths = new HashSet<string>(files.Select(f => f.Path), StringComparer.Ordinal);
        var manifests = new List<ManifestLibrary>();
        foreach (string libman in libManFiles ?? [])
        {
            manifests.AddRange(LibraryManifests.ReadLibMan(libman));
        }

        var identified = new Dictionary<string, Identified>(StringComparer.Ordinal);
        var copies = new List<(string Copy, string Original)>();
        var licenseFiles = new Dictionary<string, List<StaticFile>>(StringComparer.Ordinal);
        foreach (StaticFile file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = FileName(file.Path);
            if (LibraryLicenseFiles.IsLicenseFile(file.Path))
            {
                string directory = LibraryManifests.DirectoryOf(file.Path);
                (licenseFiles.TryGetValue(directory, out List<StaticFile>? here) ? here : licenseFiles[directory] = []).Add(file);
            }

            if (name is "package.json" or "bower.json" && file.Open is not null && file.Length <= LibraryManifests.MaxManifestBytes)
            {
                if (LibraryManifests.ReadPackageManifest(file.Path, ReadAll(file, LibraryManifests.MaxManifestBytes)) is { } manifest)
                {
                    manifests.Add(manifest);
                }

                continue;
            }

            string? original = OriginalOf(file.Path);
            if (original is not null && paths.Contains(original))
            {
                copies.Add((file.Path, original));
                continue;
            }

            string scriptPath = original is not null && IsCompressed(file.Path) ? original : file.Path;
            bool stylesheet = IsStylesheet(scriptPath);
            if (!(stylesheet || IsScript(scriptPath)) || file.Open is null)
            {
                continue;
            }

            if (!cache.TryGet(file, out CachedFile? known))
            {
                known = stylesheet
                    ? IdentifyStylesheet(file, scriptPath)
                    : Identify(catalog ??= catalogOnDemand(), file, scriptPath);
                cache.Put(file, known);
            }

            if (known is { NpmName: { } npm, Version: { } version })
            {
                identified[file.Path] = new Identified(npm, version, known.CatalogName, known.Sha256, [.. known.Methods ?? []], known.BannerLicense, null, known.KnownLicense);
            }
        }

        cache.Save();
        ApplyManifests(files, manifests, identified);
        foreach ((string copy, string original) in copies)
        {
            if (identified.TryGetValue(original, out Identified? of) && !identified.ContainsKey(copy))
            {
                identified[copy] = of with { Sha256 = null, BannerLicense = null };
            }
        }

        return [.. Group(identified, licenseFiles)];
    }

    /// <summary>
    /// A stylesheet is recognised by its banner only (no stylesheet hashes are published): its first
    /// <see cref="FileIdentifier.HeaderChars"/> bytes are read, and the whole file only when they hold a banner
    /// literal, so the app's own hundreds of stylesheets cost one small read each.
    /// </summary>
    private static CachedFile IdentifyStylesheet(StaticFile file, string stylesheetPath)
    {
        ClientLibraryCatalog catalog = ClientLibraryCatalog.Stylesheets;
        if (stylesheetPath == file.Path)
        {
            byte[] head = ReadAll(file, FileIdentifier.HeaderChars);
            if (catalog.Libraries.All(l => l.FileContents.All(p => p.Literal is not null))
                && catalog.ContentLiterals.FoundIn(System.Text.Encoding.Latin1.GetString(head)).Count == 0)
            {
                return Unmatched(file);
            }
        }

        return Identify(catalog, file, stylesheetPath);
    }

    private static CachedFile Unmatched(StaticFile file) => new(file.Path, file.Length, file.LastWriteTicks ?? 0, null, null, null, null, null, null, null);

    /// <summary>Reads one script (or its lone compressed copy) and recognises it; the result names nothing when no library matched.</summary>
    private static CachedFile Identify(ClientLibraryCatalog catalog, StaticFile file, string scriptPath)
    {
        byte[] content = scriptPath == file.Path ? ReadAll(file, MaxScriptBytes) : Decompress(file);
        if (FileIdentifier.Identify(catalog, FileName(scriptPath), content, out string sha256, out string? banner) is not { } match)
        {
            return Unmatched(file);
        }

        bool whole = file.Length <= MaxScriptBytes && scriptPath == file.Path;
        string? knownLicense = match.Library.Licenses.FirstOrDefault(l => LooseVersionRange.Contains(l.Ranges, match.Version))?.Expression;
        return new CachedFile(
            file.Path, file.Length, file.LastWriteTicks ?? 0, match.Library.NpmName, match.Version, match.Library.Name, whole ? sha256 : null, [.. match.Methods], banner, knownLicense);
    }

    /// <summary>
    /// A manifest names every file under its directory (the deepest manifest wins) that content did not
    /// attribute to another library; where content agrees, the manifest is one more method.
    /// </summary>
    private static void ApplyManifests(List<StaticFile> files, List<ManifestLibrary> manifests, Dictionary<string, Identified> identified)
    {
        if (manifests.Count == 0)
        {
            return;
        }

        List<ManifestLibrary> deepestFirst = [.. manifests.OrderByDescending(m => m.Directory.Length).ThenBy(m => m.Directory, StringComparer.Ordinal)];
        foreach (StaticFile file in files)
        {
            ManifestLibrary? owner = deepestFirst.FirstOrDefault(m => file.Path.StartsWith(m.Directory, StringComparison.Ordinal) && m.Directory.Length > 0);
            if (owner is null || string.Equals(file.Path, owner.ManifestPath, StringComparison.Ordinal))
            {
                continue;
            }

            var method = new IdentificationMethod(IdentificationTechniques.ManifestAnalysis, 0.8, $"{owner.ManifestPath}: {owner.NpmName}@{owner.Version}");
            if (identified.TryGetValue(file.Path, out Identified? found))
            {
                if (string.Equals(found.NpmName, owner.NpmName, StringComparison.Ordinal) && string.Equals(found.Version, owner.Version, StringComparison.Ordinal))
                {
                    found.Methods.Add(method);
                    identified[file.Path] = found with { ManifestLicense = owner.License, ManifestDirectory = owner.Directory };
                }

                continue;
            }

            identified[file.Path] = new Identified(owner.NpmName, owner.Version, null, null, [method], null, owner.License, null, owner.Directory);
        }
    }

    private static IEnumerable<ClientLibrary> Group(Dictionary<string, Identified> identified, Dictionary<string, List<StaticFile>> licenseFiles)
    {
        Dictionary<string, string> owners = identified.ToDictionary(p => p.Key, p => Key(p.Value), StringComparer.Ordinal);
        return identified
            .GroupBy(p => (p.Value.NpmName, p.Value.Version))
            .OrderBy(g => g.Key.NpmName, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Version, StringComparer.Ordinal)
            .Select(g =>
            {
                List<KeyValuePair<string, Identified>> members = [.. g.OrderBy(p => p.Key, StringComparer.Ordinal)];
                (string? license, string? source) = License([.. members.Select(p => p.Value)]);
                ClientLibraryLicenseFile? file = null;
                if (source is null or LicenseSources.KnownLibrary && licenseFiles.Count > 0
                    && LibraryLicenseFiles.Find(licenseFiles, owners, g.Key.NpmName, Key(members[0].Value), members.Select(p => (p.Key, p.Value.ManifestDirectory))) is { } found
                    && (found.SpdxId is not null || source is null))
                {
                    // A license text beside the files outranks RetireJS's record of the library; an unidentified
                    // one does not (a curated record beats a LicenseRef), but it beats nothing.
                    (license, source, file) = (found.SpdxId, LicenseSources.LicenseFile, found);
                }

                return new ClientLibrary
                {
                    NpmName = g.Key.NpmName,
                    Version = g.Key.Version,
                    CatalogName = members.Select(p => p.Value.CatalogName).FirstOrDefault(n => n is not null),
                    Files = [.. members.Select(p => new ClientLibraryFile(p.Key, p.Value.Sha256, p.Value.Methods.DistinctBy(m => (m.Technique, m.Value)).ToList()))],
                    License = license,
                    LicenseSource = source,
                    LicenseFile = file,
                    StaticWebAssetsOf = members.Select(p => StaticWebAssetsOf(p.Key)).FirstOrDefault(r => r is not null),
                };
            });
    }

    private static string Key(Identified identified) => identified.NpmName + "@" + identified.Version;

    /// <summary>The manifest's declaration first, then a banner that states an SPDX id, then the license RetireJS records for the version.</summary>
    private static (string? License, string? Source) License(List<Identified> members)
    {
        if (members.Select(m => m.ManifestLicense).FirstOrDefault(l => l is not null) is { } declared)
        {
            return (declared, LicenseSources.Manifest);
        }

        if (members.Select(m => m.BannerLicense).FirstOrDefault(l => l is not null) is { } banner)
        {
            return (banner, LicenseSources.Banner);
        }

        return members.Select(m => m.KnownLicense).FirstOrDefault(l => l is not null) is { } known
            ? (known, LicenseSources.KnownLibrary)
            : (null, null);
    }

    /// <summary><c>wwwroot/_content/&lt;rcl&gt;/…</c> (also without the <c>wwwroot/</c> an image path may lack) → the Razor class library's name.</summary>
    internal static string? StaticWebAssetsOf(string path)
    {
        int start = path.StartsWith("wwwroot/_content/", StringComparison.Ordinal) ? "wwwroot/_content/".Length
            : path.StartsWith("_content/", StringComparison.Ordinal) ? "_content/".Length
            : -1;
        int end = start < 0 ? -1 : path.IndexOf('/', start);
        return end > start ? path[start..end] : null;
    }

    private static bool IsScript(string path) => ScriptExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static bool IsStylesheet(string path) => StylesheetExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static bool IsCompressed(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".br", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file a <c>.map</c>, <c>.gz</c> or <c>.br</c> is a copy of (<c>jquery.min.js.gz</c> → <c>jquery.min.js</c>; <c>x.js.map.gz</c> → <c>x.js</c>).</summary>
    private static string? OriginalOf(string path)
    {
        string p = path;
        if (IsCompressed(p))
        {
            p = p[..^3];
        }

        if (p.EndsWith(".map", StringComparison.OrdinalIgnoreCase))
        {
            p = p[..^4];
        }

        return p.Length == path.Length ? null : p;
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static byte[] ReadAll(StaticFile file, int max)
    {
        using Stream stream = file.Open!();

        // The listing gives the size: read into one buffer of that size (most files are a few KiB; a fresh
        // 80 KiB chunk per file was most of what reading them allocated). A file that grew since is read up to
        // its listed size, one that shrank is trimmed.
        if (file.Length is > 0 and <= int.MaxValue)
        {
            byte[] buffer = new byte[Math.Min((int)file.Length, max)];
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return read == buffer.Length ? buffer : buffer[..read];
        }

        return ReadBounded(stream, max);
    }

    private static byte[] Decompress(StaticFile file)
    {
        try
        {
            using Stream raw = file.Open!();
            using Stream inflated = file.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(raw, CompressionMode.Decompress)
                : new BrotliStream(raw, CompressionMode.Decompress);
            return ReadBounded(inflated, MaxScriptBytes);
        }
        catch (InvalidDataException)
        {
            // Not really compressed: it identifies nothing.
            return [];
        }
    }

    private static byte[] ReadBounded(Stream stream, int max)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while (buffer.Length < max && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

using SupplyGate.Core.Advisories.Importers;

namespace SupplyGate.Core.Advisories.Sources;

/// <summary>A public advisory source <c>db update</c> and the build read with no configuration.</summary>
/// <param name="Name">The source's row in the store (<c>db status</c>).</param>
/// <param name="Kind">The import kind (<see cref="ImportKinds"/>).</param>
/// <param name="Url">Where it is fetched; for the .NET metadata the index, whose channel files follow.</param>
/// <param name="License">The data's license, shown by <c>db status</c> and in docs/data-sources.md.</param>
/// <param name="Releases">For the Debian tracker: the releases kept (the rest of the file is skipped).</param>
/// <param name="Packages">For an OSV export: the package names kept (the rest of the export is skipped while streaming).</param>
public sealed record PublicSource(string Name, string Kind, Uri Url, string License, IReadOnlyList<string>? Releases = null, IReadOnlySet<string>? Packages = null);

/// <summary>
/// The default sources (docs/data-sources.md has the same table): GitHub's advisories for NuGet as osv.dev
/// exports them, the .NET release metadata, the Debian Security Tracker and the Alpine secdb of the releases
/// .NET container images are built on. The NuGet VulnerabilityInfo feeds come from NuGet.Config
/// (<see cref="NuGetFeedDiscovery"/>).
/// </summary>
public static class PublicSources
{
    /// <summary>
    /// For tests only: an http(s) base address that replaces the scheme and host of every default URL (paths are
    /// kept), so an in-test server can stand in for the real hosts. Never set it in production.
    /// </summary>
    public const string TestBaseVariable = "SUPPLYGATE_TEST_SOURCE_BASE";

    public const string GhsaNuGet = "ghsa-nuget";
    public const string DotNet = "dotnet-releases";
    public const string Debian = "debian-tracker";
    public const string GhsaNpm = "ghsa-npm";
    public const string RetireJs = "retirejs";

    /// <summary>Debian releases kept from the tracker: oldstable, stable, testing as of .NET 8–10's images.</summary>
    public static IReadOnlyList<string> DebianReleases { get; } = ["11", "12", "13"];

    /// <summary>Alpine releases whose secdb is fetched (main and community each).</summary>
    public static IReadOnlyList<string> AlpineReleases { get; } = ["v3.19", "v3.20", "v3.21", "v3.22"];

    private const string GhsaLicense = "CC-BY-4.0 (GitHub Advisory Database, via OSV)";

    public static IReadOnlyList<PublicSource> Defaults(string? testBase = null)
    {
        var sources = new List<PublicSource>
        {
            new(GhsaNuGet, ImportKinds.Osv, Map(testBase, "https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip"), GhsaLicense),
            // Client-side libraries (docs/client-libraries.md): GitHub's npm advisories, only for the libraries SupplyGate
            // can recognise in what ships, and the RetireJS repository.
            new(GhsaNpm, ImportKinds.Osv, Map(testBase, "https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip"), GhsaLicense, Packages: RetireJsImporter.BundledPackageNames),
            new(RetireJs, ImportKinds.RetireJs, Map(testBase, "https://raw.githubusercontent.com/RetireJS/retire.js/master/repository/jsrepository-v5.json"), "Apache-2.0 (RetireJS)"),
            new(DotNet, ImportKinds.DotNetReleases, Map(testBase, "https://builds.dotnet.microsoft.com/dotnet/release-metadata/releases-index.json"), "MIT (.NET Foundation)"),
            new(Debian, ImportKinds.DebianTracker, Map(testBase, "https://security-tracker.debian.org/tracker/data/json"), "Debian Security Tracker data (Debian Security Team; no license file)", DebianReleases),
        };
        foreach (string release in AlpineReleases)
        {
            foreach (string repository in (string[])["main", "community"])
            {
                sources.Add(new($"alpine-secdb-{release}-{repository}", ImportKinds.AlpineSecdb,
                    Map(testBase, $"https://secdb.alpinelinux.org/{release}/{repository}.json"), "Alpine secdb (Alpine Linux security team; no license file)"));
            }
        }

        return sources;
    }

    /// <summary>The license shown for a source row of the store: a default source's, a feed's, else unknown.</summary>
    public static string LicenseOf(string name, string kind) =>
        Defaults().FirstOrDefault(s => s.Name == name)?.License
        ?? (kind == ImportKinds.NuGetFeed ? NuGetFeedLicense : "see docs/data-sources.md");

    public const string NuGetFeedLicense = "the feed operator's terms (nuget.org: GitHub Advisory Database, CC-BY-4.0)";

    /// <summary>Rewrites a URL onto the test base address (a no-op without one).</summary>
    public static Uri Map(string? testBase, string url) => Map(testBase, new Uri(url));

    public static Uri Map(string? testBase, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.IsNullOrWhiteSpace(testBase))
        {
            return url;
        }

        var baseUri = new Uri(testBase.TrimEnd('/') + "/");
        return new Uri(baseUri, url.PathAndQuery.TrimStart('/'));
    }
}

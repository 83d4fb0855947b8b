using System.Net;
using System.Text.Json;
using NuGet.Configuration;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Sources;

/// <summary>An enabled http(s) package source from NuGet.Config, with its credentials when it has any.</summary>
public sealed record NuGetFeed(string Key, Uri ServiceIndex, NetworkCredential? Credential);

/// <summary>
/// The package sources NuGetAudit would read: NuGet.Config's settings hierarchy from the working directory up,
/// the user's file and the machine-wide ones (NuGet.Configuration, the same code restore uses), enabled
/// http(s) V3 sources only, with <c>packageSourceCredentials</c>.
/// </summary>
internal static class NuGetFeedDiscovery
{
    public static IReadOnlyList<NuGetFeed> Discover(string workingDirectory, ICollection<Warning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        IEnumerable<PackageSource> sources;
        try
        {
            ISettings settings = Settings.LoadDefaultSettings(workingDirectory);
            sources = new PackageSourceProvider(settings).LoadPackageSources().ToList();
        }
        catch (Exception ex) when (ex is NuGetConfigurationException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            warnings.Add(new Warning(DiagnosticCode.NuGetConfigUnreadable, $"NuGet.Config could not be read ({ex.Message}); no NuGet VulnerabilityInfo feed is updated", null));
            return [];
        }

        var feeds = new List<NuGetFeed>();
        foreach (PackageSource source in sources)
        {
            if (!source.IsEnabled || !source.IsHttp || !Uri.TryCreate(source.Source, UriKind.Absolute, out Uri? index)
                || !index.AbsolutePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue; // Local folders and V2 feeds publish no VulnerabilityInfo resource.
            }

            NetworkCredential? credential = null;
            try
            {
                if (source.Credentials is { } c && c.Username is { Length: > 0 })
                {
                    credential = new NetworkCredential(c.Username, c.Password);
                }
            }
            catch (Exception ex) when (ex is NotSupportedException or PlatformNotSupportedException or System.Security.Cryptography.CryptographicException)
            {
                // An encrypted password outside Windows: restore cannot use it either.
                warnings.Add(new Warning(DiagnosticCode.NuGetConfigUnreadable, $"NuGet source '{source.Name}': its credentials cannot be read here ({ex.Message}); trying without", null));
            }

            feeds.Add(new NuGetFeed(source.Name, index, credential));
        }

        return feeds;
    }
}

/// <summary>
/// A feed's VulnerabilityInfo resource (type <c>VulnerabilityInfo/6.7.0</c> in the service index, as NuGetAudit
/// finds it). The vulnerability index is the manifest: same digest = unchanged, no page is fetched.
/// </summary>
internal sealed class NuGetVulnerabilitySource(NuGetFeed feed, HttpClient http, ConditionalDownloader downloader) : IUpdateSource
{
    public const string ResourceType = "VulnerabilityInfo/6.7.0";

    public string Name { get; } = "nuget-feed:" + feed.Key;

    public string Kind => ImportKinds.NuGetFeed;

    public string Url => feed.ServiceIndex.ToString();

    public string License => PublicSources.NuGetFeedLicense;

    public async Task<SourceFetch?> FetchAsync(SourceState? previous, string workDirectory, CancellationToken cancellationToken)
    {
        var fetcher = new SourceFetcher(http);
        byte[] serviceIndex = await fetcher.GetJsonAsync(Url, cancellationToken).ConfigureAwait(false);
        Uri vulnerabilityIndex = FindResource(serviceIndex)
            ?? throw ConditionalDownloader.Failed(feed.ServiceIndex, $"the service index lists no {ResourceType} resource (the feed publishes no vulnerability data)");

        string file = Path.Combine(workDirectory, $"{Name.Replace(':', '-')}-vulnerabilities.json".Replace(Path.DirectorySeparatorChar, '-'));
        DownloadedFile? downloaded = await downloader.GetAsync(vulnerabilityIndex, previous, file, cancellationToken).ConfigureAwait(false);
        if (downloaded is null)
        {
            return null;
        }

        var warnings = new List<Warning>();
        IReadOnlyList<Advisory> advisories = await NuGetFeedImporter.ReadAsync(
            vulnerabilityIndex.ToString(), await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), fetcher, warnings, cancellationToken).ConfigureAwait(false);
        return new SourceFetch(UpdateBatches.Create(Name, Kind, Url, advisories, warnings, []), UpdateBatches.State(vulnerabilityIndex, downloaded));
    }

    private Uri? FindResource(byte[] serviceIndex)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(serviceIndex);
            foreach (JsonElement resource in ImportJson.Items(document.RootElement, "resources"))
            {
                if (OsvRecordParser.OptionalString(resource, "@type") == ResourceType
                    && OsvRecordParser.OptionalString(resource, "@id") is { } id
                    && Uri.TryCreate(feed.ServiceIndex, id, out Uri? url))
                {
                    return url;
                }
            }
        }
        catch (JsonException ex)
        {
            throw ConditionalDownloader.Failed(feed.ServiceIndex, $"the service index is not JSON: {ex.Message}", ex);
        }

        return null;
    }
}

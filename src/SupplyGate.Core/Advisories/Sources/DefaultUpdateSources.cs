using System.Net;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Sources;

/// <summary>
/// The sources an update without a mirror reads: <see cref="PublicSources.Defaults"/> plus the VulnerabilityInfo
/// resource of every NuGet feed configured for <see cref="WorkingDirectory"/>. Owns the HTTP clients (one per
/// feed with credentials, so they are only ever sent to that feed's host).
/// </summary>
internal sealed class DefaultUpdateSources : IDisposable
{
    private readonly List<HttpClient> _clients = [];

    private DefaultUpdateSources(string workingDirectory) => WorkingDirectory = workingDirectory;

    public string WorkingDirectory { get; }

    public IReadOnlyList<IUpdateSource> Sources { get; private set; } = [];

    /// <summary>NuGet.Config problems found while discovering the feeds (SG1053).</summary>
    public IReadOnlyList<Warning> Warnings { get; private set; } = [];

    public static DefaultUpdateSources Create(string workingDirectory, IEnvironment environment, TimeSpan requestTimeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var result = new DefaultUpdateSources(workingDirectory);
        string? testBase = environment.GetVariable(PublicSources.TestBaseVariable);
        HttpClient shared = result.Client(null, null);
        var downloader = new ConditionalDownloader(shared, requestTimeout, time);
        var sources = new List<IUpdateSource>();
        foreach (PublicSource source in PublicSources.Defaults(testBase))
        {
            sources.Add(source.Kind == Importers.ImportKinds.DotNetReleases
                ? new DotNetMetadataSource(source, downloader, shared, testBase)
                : new UrlFileSource(source, downloader));
        }

        var warnings = new List<Warning>();
        foreach (NuGetFeed feed in NuGetFeedDiscovery.Discover(workingDirectory, warnings))
        {
            HttpClient client = feed.Credential is null ? shared : result.Client(feed.ServiceIndex, feed.Credential);
            sources.Add(new NuGetVulnerabilitySource(feed, client, new ConditionalDownloader(client, requestTimeout, time)));
        }

        result.Sources = sources;
        result.Warnings = warnings;
        return result;
    }

    public void Dispose()
    {
        foreach (HttpClient client in _clients)
        {
            client.Dispose();
        }
    }

    private HttpClient Client(Uri? feed, NetworkCredential? credential)
    {
        var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All };
        if (feed is not null && credential is not null)
        {
            // Basic on a challenge from the feed's own origin only: pages on a CDN never see the password.
            handler.Credentials = new CredentialCache { { new Uri(feed.GetLeftPart(UriPartial.Authority)), "Basic", credential } };
            handler.PreAuthenticate = true;
        }

        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("SupplyGate");
        _clients.Add(client);
        return client;
    }
}

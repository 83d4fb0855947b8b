using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Sources;

/// <summary>One source an incremental update asks whether it changed, and reads when it did.</summary>
internal interface IUpdateSource
{
    string Name { get; }

    string Kind { get; }

    /// <summary>The URL shown in messages and <c>db status</c>.</summary>
    string Url { get; }

    string License { get; }

    /// <summary>
    /// The source's complete data when it changed since <paramref name="previous"/>, else null. Files go into
    /// <paramref name="workDirectory"/>, which lives until the import is done. Throws when the source fails.
    /// </summary>
    Task<SourceFetch?> FetchAsync(SourceState? previous, string workDirectory, CancellationToken cancellationToken);
}

/// <summary>A changed source: its batch (possibly streamed from the work directory) and the state to remember.</summary>
public sealed record SourceFetch(ImportBatch Batch, SourceState State);

/// <summary>One file behind one URL: the OSV export (zip, streamed), an Alpine secdb file, the Debian tracker (streamed).</summary>
internal sealed class UrlFileSource(PublicSource source, ConditionalDownloader downloader) : IUpdateSource
{
    public string Name => source.Name;

    public string Kind => source.Kind;

    public string Url => source.Url.ToString();

    public string License => source.License;

    public async Task<SourceFetch?> FetchAsync(SourceState? previous, string workDirectory, CancellationToken cancellationToken)
    {
        string file = Path.Combine(workDirectory, Name + (Kind == ImportKinds.Osv ? ".zip" : ".json"));
        DownloadedFile? downloaded = await downloader.GetAsync(source.Url, previous, file, cancellationToken).ConfigureAwait(false);
        if (downloaded is null)
        {
            return null;
        }

        var warnings = new List<Warning>();
        string label = Url;
        IEnumerable<Advisory> advisories = Kind switch
        {
            // Streamed record by record; a package filter (the npm export) keeps only the packages SupplyGate can identify.
            ImportKinds.Osv when source.Packages is { } packages => OsvImporter.ReadZip(() => File.OpenRead(file), label, warnings)
                .Where(a => a.Affected.Any(p => packages.Contains(p.Name))),
            ImportKinds.Osv => OsvImporter.ReadZip(() => File.OpenRead(file), label, warnings),
            ImportKinds.RetireJs => RetireJsImporter.Read(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), label, warnings),
            ImportKinds.DebianTracker => ReadDebian(file, label, warnings, source.Releases),
            ImportKinds.AlpineSecdb => AlpineSecdbImporter.Read(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), label, warnings),
            _ => throw new InvalidOperationException($"{Kind} is not a single-file source"),
        };
        return new SourceFetch(UpdateBatches.Create(Name, Kind, Url, advisories, warnings, []), UpdateBatches.State(source.Url, downloaded));
    }

    private static IReadOnlyList<Advisory> ReadDebian(string file, string label, List<Warning> warnings, IReadOnlyList<string>? releases)
    {
        using FileStream stream = File.OpenRead(file);
        return DebianTrackerReader.Read(stream, label, warnings, releases);
    }
}

/// <summary>
/// The .NET release metadata: the index is the manifest. Unchanged index (304 or same digest) = unchanged
/// source; otherwise the index and every channel's releases.json are read.
/// </summary>
internal sealed class DotNetMetadataSource(PublicSource source, ConditionalDownloader downloader, HttpClient http, string? testBase) : IUpdateSource
{
    public string Name => source.Name;

    public string Kind => source.Kind;

    public string Url => source.Url.ToString();

    public string License => source.License;

    public async Task<SourceFetch?> FetchAsync(SourceState? previous, string workDirectory, CancellationToken cancellationToken)
    {
        string file = Path.Combine(workDirectory, Name + "-index.json");
        DownloadedFile? downloaded = await downloader.GetAsync(source.Url, previous, file, cancellationToken).ConfigureAwait(false);
        if (downloaded is null)
        {
            return null;
        }

        byte[] index = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        var warnings = new List<Warning>();
        var fetcher = new SourceFetcher(http);
        var channels = new List<(string, byte[])>();
        foreach ((string _, string? releasesUrl) in DotNetReleasesImporter.ChannelsIn(index, Url))
        {
            if (releasesUrl is not null)
            {
                string url = PublicSources.Map(testBase, releasesUrl).ToString();
                channels.Add((url, await fetcher.GetJsonAsync(url, cancellationToken).ConfigureAwait(false)));
            }
        }

        (IReadOnlyList<Advisory> advisories, IReadOnlyList<RuntimeChannel> runtimeChannels) = DotNetReleasesImporter.Read(index, Url, channels, warnings);
        return new SourceFetch(UpdateBatches.Create(Name, Kind, Url, advisories, warnings, runtimeChannels), UpdateBatches.State(source.Url, downloaded));
    }
}

internal static class UpdateBatches
{
    public static ImportBatch Create(
        string name, string kind, string url, IEnumerable<Advisory> advisories, List<Warning> warnings, IReadOnlyList<RuntimeChannel> channels) => new()
    {
        SourceName = name,
        Kind = kind,
        Location = url,
        Advisories = advisories,
        RuntimeChannels = channels,
        Warnings = warnings,
        ReplacesSource = true,
    };

    public static SourceState State(Uri url, DownloadedFile downloaded) => new()
    {
        Url = url.ToString(),
        ETag = downloaded.ETag,
        LastModified = downloaded.LastModified,
        Digest = downloaded.Digest,
    };
}

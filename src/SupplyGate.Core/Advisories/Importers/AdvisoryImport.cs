using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// Reads one advisory source (a path or an http(s) URL) of a given or detected kind into an
/// <see cref="ImportBatch"/> for <c>AdvisoryStoreWriter.Import</c>. Network sources are fetched
/// completely here, before anything is written, so a failing feed leaves the store untouched.
/// </summary>
public static class AdvisoryImport
{
    public static async Task<ImportBatch> ReadAsync(string location, string? kind, HttpClient? http, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        var fetcher = new SourceFetcher(http);
        var warnings = new List<Warning>();
        string? explicitKind = kind is null ? null : ImportKinds.Parse(kind);
        bool url = SourceFetcher.IsUrl(location);
        if (!url)
        {
            // Before File.Exists or any open: a FIFO would block, /dev/zero would never end.
            PathKind pathKind = InputFile.Probe(location);
            if (pathKind == PathKind.Missing)
            {
                throw new InvalidInputException(DiagnosticCode.InputNotFound, $"{location}: no such file or directory.", location);
            }

            if (pathKind is not (PathKind.RegularFile or PathKind.Directory))
            {
                throw InputFile.NotRegular(location, pathKind);
            }
        }

        if (!url && Directory.Exists(location))
        {
            string directoryKind = explicitKind ?? ImportKinds.DetectDirectory(location);
            return directoryKind switch
            {
                ImportKinds.Osv => Batch(directoryKind, location, OsvImporter.ReadDirectory(location, warnings), warnings),
                ImportKinds.DotNetReleases => await DotNetAsync(Path.Combine(location, "releases-index.json"), fetcher, warnings, cancellationToken).ConfigureAwait(false),
                ImportKinds.AlpineSecdb => Batch(directoryKind, location, AlpineDirectory(location, warnings), warnings),
                _ => throw new InvalidInputException(
                    DiagnosticCode.UnknownEcosystem, $"{location}: a directory can be imported as osv, alpine-secdb or dotnet-releases, not {directoryKind}.", location),
            };
        }

        bool zip = location.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (!url && (explicitKind ?? (zip ? ImportKinds.Osv : null)) == ImportKinds.Osv)
        {
            // Local OSV files and archives are streamed record by record (100,000-record JSON lines).
            return Batch(ImportKinds.Osv, location, OsvImporter.ReadPath(location, warnings), warnings);
        }

        if (!url && !zip && (explicitKind ?? ImportKinds.Detect(ImportKinds.ReadPrefix(location), location)) == ImportKinds.DebianTracker)
        {
            // The tracker JSON is tens of MB: streamed, never held whole.
            using FileStream tracker = File.OpenRead(location);
            return Batch(ImportKinds.DebianTracker, location, DebianTrackerReader.Read(tracker, location, warnings, null), warnings);
        }

        byte[] content = zip || !url
            ? await fetcher.GetBytesAsync(location, cancellationToken).ConfigureAwait(false)
            : await fetcher.GetJsonAsync(location, cancellationToken).ConfigureAwait(false);
        string detected = explicitKind ?? (zip ? ImportKinds.Osv : ImportKinds.Detect(content.AsSpan(0, Math.Min(content.Length, 64 * 1024)), location));
        switch (detected)
        {
            case ImportKinds.Osv:
                return Batch(detected, location, zip
                    ? OsvImporter.ReadZip(() => new MemoryStream(content, writable: false), location, warnings)
                    : OsvImporter.ReadFile(() => new MemoryStream(content, writable: false), location, warnings), warnings);
            case ImportKinds.NuGetFeed:
                return Batch(detected, location, await NuGetFeedImporter.ReadAsync(location, content, fetcher, warnings, cancellationToken).ConfigureAwait(false), warnings);
            case ImportKinds.AlpineSecdb:
                return Batch(detected, location, AlpineSecdbImporter.Read(content, location, warnings), warnings);
            case ImportKinds.DebianTracker:
                return Batch(detected, location, DebianImporter.ReadTracker(content, location, warnings), warnings);
            case ImportKinds.RetireJs:
                return Batch(detected, location, RetireJsImporter.Read(content, location, warnings), warnings);
            case ImportKinds.DebianChangelog:
                return Batch(detected, location, DebianImporter.ReadChangelog(new MemoryStream(content, writable: false), location, warnings), warnings);
            default:
                return await DotNetAsync(location, content, fetcher, warnings, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ImportBatch Batch(string kind, string location, IEnumerable<Advisory> advisories, List<Warning> warnings) => new()
    {
        SourceName = kind,
        Kind = kind,
        Location = location,
        Advisories = advisories,
        Warnings = warnings,
    };

    private static IEnumerable<Advisory> AlpineDirectory(string directory, List<Warning> warnings)
    {
        IReadOnlyList<string> files = InputFile.RegularFilesIn(
            directory, "*.json", (entry, kind) => warnings.Add(new Warning(DiagnosticCode.InputNotRegularFile, $"{InputFile.NotRegular(entry, kind).Message} Skipped.", entry)));
        foreach (string file in files)
        {
            foreach (Advisory advisory in AlpineSecdbImporter.Read(InputJson.ReadFile(file, InputKind.AdvisorySource, DiagnosticCode.AdvisorySourceFailed).ToArray(), file, warnings))
            {
                yield return advisory;
            }
        }
    }

    private static async Task<ImportBatch> DotNetAsync(string index, SourceFetcher fetcher, List<Warning> warnings, CancellationToken cancellationToken) =>
        await DotNetAsync(index, await fetcher.GetJsonAsync(index, cancellationToken).ConfigureAwait(false), fetcher, warnings, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// .NET metadata: an index (releases-index.json) plus each channel's releases file, found next to a local
    /// index as <c>releases-M.m.json</c> or <c>M.m/releases.json</c> (the dotnet/core layout), or at the
    /// index's <c>releases.json</c> URL for a remote index. A single channel file is accepted on its own.
    /// </summary>
    private static async Task<ImportBatch> DotNetAsync(
        string location, byte[] content, SourceFetcher fetcher, List<Warning> warnings, CancellationToken cancellationToken)
    {
        var channelFiles = new List<(string, byte[])>();
        byte[] index = content;
        if (ImportKinds.Detect(content.AsSpan(0, Math.Min(content.Length, 4096)), location) == ImportKinds.DotNetReleases
            && DotNetReleasesImporter.ChannelsIn(content, location) is { Count: > 0 } channels)
        {
            foreach ((string channel, string? releasesUrl) in channels)
            {
                string? file = SourceFetcher.IsUrl(location)
                    ? releasesUrl
                    : new[] { $"releases-{channel}.json", Path.Combine(channel, "releases.json") }
                        .Select(name => SourceFetcher.Resolve(location, name))
                        .FirstOrDefault(File.Exists);
                if (file is not null)
                {
                    channelFiles.Add((file, await fetcher.GetJsonAsync(file, cancellationToken).ConfigureAwait(false)));
                }
            }
        }
        else
        {
            channelFiles.Add((location, content));
            index = "{}"u8.ToArray();
        }

        (IReadOnlyList<Advisory> advisories, IReadOnlyList<RuntimeChannel> runtimeChannels) =
            DotNetReleasesImporter.Read(index, location, channelFiles, warnings);
        return new ImportBatch
        {
            SourceName = ImportKinds.DotNetReleases,
            Kind = ImportKinds.DotNetReleases,
            Location = location,
            Advisories = advisories,
            RuntimeChannels = runtimeChannels,
            Warnings = warnings,
        };
    }
}

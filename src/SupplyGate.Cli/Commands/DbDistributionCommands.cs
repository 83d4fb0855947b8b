using System.CommandLine;
using System.Globalization;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Distribution;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>supplygate db push|pull|update</c>: the advisory store as an OCI artifact, mirrored next to the images
/// (docs/architecture.md decision 4; docs/offline.md). The work is in Core (Advisories/Distribution); this only maps
/// arguments, environment and messages.
/// </summary>
internal static class DbDistributionCommands
{
    /// <summary>Sources for <c>db update</c>, separated by ';', when no --source or --sources is given.</summary>
    public const string SourcesVariable = StoreRefresh.SourcesVariable;

    public static Command Push(CliContext context)
    {
        var reference = new Argument<string>("reference") { Description = "Where to push, registry/repository[:tag] (default tag: latest)." };
        var db = DbOption();
        var command = new Command("push", "Push the store to a registry as an OCI artifact (gzip layer, artifactType application/vnd.supplygate.advisory-db.v1+sqlite).\n\nExample:\n  supplygate db push registry.internal:5000/security/advisory-db:2026-11-22")
        {
            reference, db,
        };
        command.SetAction(async (parse, ct) => (int)await context.RunAsync(async () =>
        {
            ImageReference target = ParseReference(parse.GetValue(reference)!);
            string storePath = DbStoreLocation.Resolve(context, parse.GetValue(db));
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var pusher = new AdvisoryDbPusher(RegistryClientFactory.Create(context, target.Registry, http));
            AdvisoryDbPushResult result = await pusher.PushAsync(storePath, target, ct).ConfigureAwait(false);
            context.Console.Output.WriteLine(
                $"pushed {storePath} to {result.Reference}@{result.ManifestDigest} (layer {result.Layer.Digest}, {result.Layer.Size} bytes gzip; store {result.StoreSize} bytes, built {Format(result.Info.BuiltAt)}, {result.Info.AdvisoryCount} records)");
            return ExitCode.Passed;
        }).ConfigureAwait(false));
        return command;
    }

    public static Command Pull(CliContext context)
    {
        var reference = new Argument<string>("reference") { Description = "The artifact, registry/repository[:tag] or pinned as registry/repository@sha256:…" };
        var db = DbOption();
        var maxSize = MaxSizeOption();
        var command = new Command("pull", "Pull a store pushed with `db push`, verify it (layer digest, decompressed digest, schema) and replace the local store atomically.\n\nExample:\n  supplygate db pull registry.internal:5000/security/advisory-db@sha256:<digest>")
        {
            reference, db, maxSize,
        };
        command.SetAction(async (parse, ct) => (int)await context.RunAsync(async () =>
        {
            ImageReference source = ParseReference(parse.GetValue(reference)!);
            string storePath = DbStoreLocation.Resolve(context, parse.GetValue(db));
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var puller = new AdvisoryDbPuller(RegistryClientFactory.Create(context, source.Registry, http), PullOptions(parse.GetValue(maxSize)));
            AdvisoryDbPullResult result = await puller.PullAsync(source, storePath, ct).ConfigureAwait(false);

            // Remember what was pulled, so a later `db update` from the same artifact knows it is current.
            AdvisoryDbCache.Write(storePath, new AdvisoryDbCacheEntry
            {
                Source = result.Reference,
                ManifestDigest = result.ManifestDigest.ToString(),
                StoreDigest = result.Store.StoreDigest.ToString(),
                UpdatedAt = context.Time.GetUtcNow(),
            });
            context.Console.Output.WriteLine($"pulled {result.Reference} ({result.ManifestDigest}) into {storePath}: {Describe(result.Store.Info)}");
            return ExitCode.Passed;
        }).ConfigureAwait(false));
        return command;
    }

    public static Command Update(CliContext context)
    {
        var db = DbOption();
        var source = new Option<string[]>("--source") { Description = "A source, tried in the order given: an OCI reference or an http(s) URL of a store file (gzip or SQLite). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var sourcesFile = new Option<string?>("--sources") { Description = "A file with one source per line (# comments). Default when no --source/--sources: $SUPPLYGATE_DB_SOURCES (';'-separated), else ~/.supplygate/sources.txt." };
        var maxSize = MaxSizeOption();
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for a URL source to answer.", DefaultValueFactory = _ => 100 };
        var command = new Command("update", "Update the store. Without configured mirrors: from the public sources (GHSA for NuGet via OSV, your NuGet feeds' VulnerabilityInfo, .NET release metadata, Debian tracker, Alpine secdb), asking each only whether it changed. With mirrors (--source, --sources, $SUPPLYGATE_DB_SOURCES, ~/.supplygate/sources.txt): from the first that answers. Exit 3 when no source answered.\n\nExamples:\n  supplygate db update\n  supplygate db update --source registry.internal:5000/security/advisory-db:latest --source https://mirror.internal/advisories.db.gz")
        {
            db, source, sourcesFile, maxSize, timeout,
        };
        command.SetAction(async (parse, ct) => (int)await context.RunAsync(async () =>
        {
            string storePath = DbStoreLocation.Resolve(context, parse.GetValue(db));
            IReadOnlyList<AdvisoryDbSourceSpec> specs = ReadSources(context, parse.GetValue(source) ?? [], context.ResolvePath(parse.GetValue(sourcesFile)));
            AdvisoryDbPullOptions options = PullOptions(parse.GetValue(maxSize));
            TimeSpan requestTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout)));
            if (specs.Count == 0)
            {
                return await DbPublicUpdate.RunAsync(context, storePath, requestTimeout, ct).ConfigureAwait(false);
            }

            AdvisoryDbUpdateResult result = await UpdateAsync(context, storePath, specs, options, requestTimeout, ct).ConfigureAwait(false);
            string version = result.Entry.ManifestDigest ?? (result.Entry.ETag is { } etag ? $"ETag {etag}" : result.Entry.StoreDigest);
            context.Console.Output.WriteLine(result.Outcome == AdvisoryDbUpdateOutcome.Updated
                ? $"updated {storePath} from {result.Source} ({version}): {Describe(result.Info!)}"
                : $"unchanged: {storePath} is current with {result.Source} ({version}); nothing downloaded");
            return ExitCode.Passed;
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>Updates <paramref name="storePath"/> from the first source that answers, warning about each that failed (`db update`, and `verify` unless --offline).</summary>
    internal static async Task<AdvisoryDbUpdateResult> UpdateAsync(
        CliContext context,
        string storePath,
        IReadOnlyList<AdvisoryDbSourceSpec> specs,
        AdvisoryDbPullOptions options,
        TimeSpan requestTimeout,
        CancellationToken cancellationToken)
    {
        AdvisoryDbUpdateResult result = await AdvisoryUpdate.FromMirrorsAsync(
            storePath, specs, context.Environment, options, requestTimeout, context.Time, cancellationToken).ConfigureAwait(false);
        foreach (Warning failure in result.Failures)
        {
            context.Console.Warn(failure);
        }

        return result;
    }

    /// <summary>--source and --sources when given (in that order); else the environment; else the default file.</summary>
    internal static IReadOnlyList<AdvisoryDbSourceSpec> ReadSources(CliContext context, IReadOnlyList<string> options, string? file)
    {
        var specs = options.Select(text => AdvisoryDbSources.Parse(text, "--source")).ToList();
        if (file is not null)
        {
            specs.AddRange(AdvisoryDbSources.ParseLines(ReadText(file), file));
        }

        if (specs.Count > 0)
        {
            return specs;
        }

        return StoreRefresh.ConfiguredMirrors(context.Environment);
    }

    private static Option<string?> DbOption() => new("--db") { Description = "The store file (default: $SUPPLYGATE_DB, else ~/.supplygate/advisories.db)." };

    private static Option<int> MaxSizeOption() => new("--max-size-mb")
    {
        Description = "Refuse a store that decompresses to more than this many MiB (decompression bomb protection).",
        DefaultValueFactory = _ => (int)(AdvisoryDbPullOptions.DefaultMaxStoreBytes / (1024 * 1024)),
    };

    private static AdvisoryDbPullOptions PullOptions(int maxSizeMb) =>
        maxSizeMb > 0
            ? new AdvisoryDbPullOptions { MaxStoreBytes = maxSizeMb * 1024L * 1024L }
            : throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"--max-size-mb {maxSizeMb}: expected a positive number of MiB");

    private static ImageReference ParseReference(string text) =>
        ImageReference.TryParse(text.StartsWith("oci://", StringComparison.OrdinalIgnoreCase) ? text["oci://".Length..] : text, out ImageReference? reference, out string? error)
            ? reference!
            : throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"'{text}' is not a registry reference: {error}");

    private static string ReadText(string path) =>
        InputFile.ReadAllText(path, InputKind.Policy, DiagnosticCode.InputNotFound, missingMessage: $"Cannot read the sources file {path}: no such file.");

    private static string Describe(StoreInfo info) =>
        $"built {Format(info.BuiltAt)}, {info.AdvisoryCount} records, schema {info.SchemaVersion}, sources {string.Join(", ", info.Sources.Select(s => s.Name))}";

    private static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

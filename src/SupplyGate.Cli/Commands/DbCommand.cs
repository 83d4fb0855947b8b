using System.CommandLine;
using System.Globalization;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Cli.Commands;

/// <summary><c>supplygate db import|status|query</c> (and <c>push|pull|update</c>, <see cref="DbDistributionCommands"/>): the local advisory store (docs/architecture.md decision 4).</summary>
internal static class DbCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("db", "Manage the local advisory store (SQLite). Default: --db, else $SUPPLYGATE_DB, else ~/.supplygate/advisories.db; without any, reads use the built-in sample.")
        {
            Import(context), Status(context), Query(context),
            DbDistributionCommands.Push(context), DbDistributionCommands.Pull(context), DbDistributionCommands.Update(context),
        };
        return command;
    }

    private static Option<string?> DbOption() => new("--db") { Description = "The store file (default: $SUPPLYGATE_DB, else ~/.supplygate/advisories.db)." };

    private static Command Import(CliContext context)
    {
        var source = new Argument<string>("source") { Description = "A file, directory, .zip or http(s) URL." };
        var db = DbOption();
        var kind = new Option<string?>("--kind") { Description = $"The source format: {string.Join("|", ImportKinds.All)} (default: detected from the content)." };
        var timeout = new Option<int>("--timeout") { Description = "HTTP timeout in seconds.", DefaultValueFactory = _ => 100 };
        var command = new Command("import", "Import advisories into the store atomically (the old store stays intact on any error).\n\nExamples:\n  supplygate db import advisory-database/advisories/github-reviewed\n  supplygate db import https://<nuget-feed>/v3/vulnerabilities/index.json --kind nuget-feed")
        {
            source, db, kind, timeout,
        };
        command.SetAction((parse, ct) => Task.FromResult((int)context.Run(() =>
        {
            string storePath = DbStoreLocation.Resolve(context, parse.GetValue(db));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))) };
            ImportBatch batch = AdvisoryImport.ReadAsync(ImportSource(context, parse.GetValue(source)!), parse.GetValue(kind), http, ct).GetAwaiter().GetResult();
            StoreImportResult result = AdvisoryStoreWriter.Import(storePath, [batch], context.Time, ct);
            foreach (Warning warning in result.Warnings)
            {
                context.Console.Warn(warning);
            }

            context.Console.Output.WriteLine(
                $"imported {result.RecordsWritten} {batch.Kind} records into {storePath} ({result.Info.AdvisoryCount} advisories in the store, {result.Warnings.Count} skipped)");
            return ExitCode.Passed;
        })));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var db = DbOption();
        var command = new Command("status", "Show the store's schema version, build time, sources and counts.\n\nExample:\n  supplygate db status --db advisories.db") { db };
        command.SetAction((parse, _) => Task.FromResult((int)context.Run(() =>
        {
            using AdvisoryStore store = DbStoreLocation.OpenForReading(context, parse.GetValue(db));
            StoreInfo info = store.Info;
            TextWriter o = context.Console.Output;
            o.WriteLine($"store:    {info.Location}");
            if (info.SampleLabel is not null)
            {
                o.WriteLine($"sample:   {info.SampleLabel}");
                o.WriteLine("          fix: run `supplygate db update` to fetch the real data into the user store");
            }

            o.WriteLine($"schema:   {info.SchemaVersion}");
            o.WriteLine($"built at: {Format(info.BuiltAt)} ({Age(context.Time.GetUtcNow() - info.BuiltAt)} ago)");
            if (info.SampleLabel is null && File.Exists(info.Location))
            {
                DateTimeOffset checkedAt = StoreCheck.Read(info.Location)?.CheckedAt ?? info.BuiltAt;
                TimeSpan sinceCheck = context.Time.GetUtcNow() - checkedAt;
                o.WriteLine(sinceCheck > UpdateTtl.Default
                    ? $"checked:  {Format(checkedAt)}, {Age(sinceCheck)} ago: stale; fix: run `supplygate db update`"
                    : $"checked:  {Format(checkedAt)} ({Age(sinceCheck)} ago)");
                if (info.ConfirmedAt is { } confirmed)
                {
                    o.WriteLine($"current:  as of {Format(confirmed)}, when every source last confirmed it (data.maxAge counts from here)");
                }
            }

            o.WriteLine($"records:  {info.AdvisoryCount}");
            o.WriteLine($".NET channels: {store.RuntimeChannelCount()}");
            o.WriteLine("sources:");
            foreach (StoreSourceInfo s in info.Sources)
            {
                o.WriteLine($"  {s.Name,-30} {s.Kind,-16} updated {Format(s.UpdatedAt)} ({Age(context.Time.GetUtcNow() - s.UpdatedAt)} ago)  {s.RecordCount} records");
                o.WriteLine($"  {string.Empty,-30} url: {s.Location ?? "(not recorded)"}");
                o.WriteLine($"  {string.Empty,-30} license: {PublicSources.LicenseOf(s.Name, s.Kind)}");
            }

            return ExitCode.Passed;
        })));
        return command;
    }

    private static string Age(TimeSpan age) => age.TotalDays >= 2
        ? $"{(int)age.TotalDays} days"
        : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h" : $"{Math.Max(0, (int)age.TotalMinutes)} min";

    private static Command Query(CliContext context)
    {
        var package = new Argument<string>("package") { Description = "A purl (pkg:nuget/Newtonsoft.Json) or ecosystem/name (NuGet/Newtonsoft.Json, Debian:12/openssl)." };
        var db = DbOption();
        var command = new Command("query", "List the advisories the store has for a package (all versions; matching happens in `check`).\n\nExample:\n  supplygate db query pkg:nuget/Microsoft.Data.SqlClient") { package, db };
        command.SetAction((parse, _) => Task.FromResult((int)context.Run(() =>
        {
            (string ecosystem, string name) = ParsePackage(parse.GetValue(package)!);
            using AdvisoryStore store = DbStoreLocation.OpenForReading(context, parse.GetValue(db));
            IReadOnlyList<Advisory> found = store.FindByPackage(ecosystem, name);
            TextWriter o = context.Console.Output;
            o.WriteLine($"{ecosystem}/{name}: {found.Count} advisories in {store.Info.Location}");
            foreach (Advisory advisory in found)
            {
                string aliases = advisory.Aliases.Count == 0 ? string.Empty : $" ({string.Join(", ", advisory.Aliases)})";
                string withdrawn = advisory.Withdrawn is null ? string.Empty : " [withdrawn]";
                o.WriteLine($"{advisory.Id}{aliases} [{advisory.Source}] {advisory.DatabaseSeverity ?? "-"}{withdrawn}: {advisory.Summary}");
                foreach (AffectedPackage affected in advisory.Affected.Where(a => a.Ecosystem == ecosystem && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    o.WriteLine($"    affected: {Describe(affected)}");
                }
            }

            return ExitCode.Passed;
        })));
        return command;
    }

    /// <summary>purl types map to OSV ecosystems: nuget → NuGet, deb (distro=debian-12) → Debian:12, apk (distro=alpine-3.19) → Alpine:v3.19.</summary>
    internal static (string Ecosystem, string Name) ParsePackage(string value)
    {
        if (value.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            if (!PackageUrl.TryParse(value, out PackageUrl? purl))
            {
                throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"'{value}' is not a valid purl.");
            }

            string? distro = purl.Qualifiers.TryGetValue("distro", out string? d) ? d : null;
            return purl.Type switch
            {
                "nuget" => (Ecosystems.NuGet, purl.Name),
                "deb" => (distro is null ? Ecosystems.Debian : $"{Ecosystems.Debian}:{DistroNumber(distro)}", purl.Name),
                "apk" => (distro is null ? Ecosystems.Alpine : $"{Ecosystems.Alpine}:v{DistroNumber(distro)}", purl.Name),
                _ => throw new InvalidInputException(DiagnosticCode.UnknownEcosystem, $"purl type '{purl.Type}' is not supported by the store; use ecosystem/name."),
            };
        }

        int slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"'{value}': expected a purl or ecosystem/name, e.g. NuGet/Newtonsoft.Json.");
        }

        return (value[..slash], value[(slash + 1)..]);
    }

    private static string DistroNumber(string distro)
    {
        int dash = distro.LastIndexOf('-');
        string version = dash >= 0 ? distro[(dash + 1)..] : distro;
        string[] parts = version.Split('.');
        // alpine-3.19.1 → 3.19; debian-12.11 → 12.
        return distro.StartsWith("alpine", StringComparison.OrdinalIgnoreCase) && parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : parts[0];
    }

    private static string Describe(AffectedPackage affected)
    {
        var parts = new List<string>();
        parts.AddRange(affected.Ranges.Select(r => $"{r.Type} " + string.Join(" ", r.Events.Select(e => $"{e.Kind.ToString().ToLowerInvariant()} {e.Version}"))));
        parts.AddRange(affected.NativeRanges);
        if (affected.Versions.Count > 0)
        {
            parts.Add($"versions {string.Join(", ", affected.Versions)}");
        }

        if (affected.LastKnownAffectedVersionRange is not null)
        {
            parts.Add($"last known affected {affected.LastKnownAffectedVersionRange}");
        }

        return string.Join("; ", parts);
    }

    /// <summary>An import source: a URL as given, a file or directory resolved against the working directory.</summary>
    private static string ImportSource(CliContext context, string source) =>
        source.Contains("://", StringComparison.Ordinal) ? source : context.ResolvePath(source)!;

    private static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

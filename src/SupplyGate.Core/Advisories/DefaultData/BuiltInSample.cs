using System.Globalization;
using System.Reflection;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.DefaultData;

/// <summary>
/// The embedded sample (README.md here): the GHSA NuGet sample and the .NET release metadata, as import
/// batches. Its dates come from the data, so the sample is honest about its age.
/// </summary>
internal sealed class BuiltInSample
{
    public const string Location = "built-in sample";

    private const string Prefix = "SupplyGate.Core.Advisories.DefaultData.";
    private const string GhsaResource = Prefix + "nuget-advisories.sample.jsonl";
    private const string IndexResource = Prefix + "releases-index.json";

    /// <summary>The commit date of the bundled RetireJS snapshot (Inventory/ClientLibraries/Data/README.md); the file itself has no date.</summary>
    private static readonly DateTimeOffset RetireJsSnapshotDate = new(2026, 8, 22, 0, 0, 0, TimeSpan.Zero);

    private BuiltInSample(IReadOnlyList<ImportBatch> batches, DateTimeOffset builtAt, string label)
    {
        Batches = batches;
        BuiltAt = builtAt;
        Label = label;
    }

    public IReadOnlyList<ImportBatch> Batches { get; }

    /// <summary>The newest <c>modified</c> of the GHSA records.</summary>
    public DateTimeOffset BuiltAt { get; }

    public string Label { get; }

    public static BuiltInSample Load()
    {
        var warnings = new List<Warning>();
        Advisory[] ghsa = OsvImporter.ReadFile(() => Open(GhsaResource), GhsaResource, warnings).ToArray();
        Assembly assembly = typeof(BuiltInSample).Assembly;
        (string, byte[])[] channelFiles = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix + "releases-", StringComparison.Ordinal) && n != IndexResource)
            .Order(StringComparer.Ordinal)
            .Select(n => (n, Read(n)))
            .ToArray();
        (IReadOnlyList<Advisory> dotnet, IReadOnlyList<RuntimeChannel> channels) =
            DotNetReleasesImporter.Read(Read(IndexResource), IndexResource, channelFiles, warnings);
        IReadOnlyList<Advisory> retire = RetireJsImporter.Read(RetireJsImporter.BundledRepositoryBytes(), "built-in RetireJS repository", warnings);
        if (warnings.Count > 0 || ghsa.Length == 0)
        {
            throw new InvalidOperationException($"The built-in sample data is damaged: {warnings.FirstOrDefault()?.Message}");
        }

        DateTimeOffset ghsaDate = ghsa.Max(a => a.Modified ?? DateTimeOffset.MinValue);
        DateOnly releasesDate = channels.Max(c => c.LatestReleaseDate ?? DateOnly.MinValue);
        string label = string.Create(
            CultureInfo.InvariantCulture,
            $"built-in sample: {ghsa.Length} GHSA NuGet advisories (newest modified {ghsaDate:yyyy-MM-dd}) + .NET release metadata ({releasesDate:yyyy-MM-dd}) + RetireJS client-library advisories ({RetireJsSnapshotDate:yyyy-MM-dd}); not complete, import real data with `supplygate db import`");
        ImportBatch[] batches =
        [
            new()
            {
                SourceName = ImportKinds.Osv, Kind = ImportKinds.Osv, Location = "built-in: GitHub Advisory Database sample (CC-BY-4.0)",
                Advisories = ghsa, DataDate = ghsaDate,
            },
            new()
            {
                SourceName = ImportKinds.RetireJs, Kind = ImportKinds.RetireJs, Location = "built-in: RetireJS repository snapshot (Apache-2.0)",
                Advisories = retire, DataDate = RetireJsSnapshotDate,
            },
            new()
            {
                SourceName = ImportKinds.DotNetReleases, Kind = ImportKinds.DotNetReleases, Location = "built-in: dotnet/core release metadata (MIT)",
                Advisories = dotnet, RuntimeChannels = channels,
                DataDate = new DateTimeOffset(releasesDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            },
        ];
        return new BuiltInSample(batches, ghsaDate, label);
    }

    private static Stream Open(string name) =>
        typeof(BuiltInSample).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"Embedded resource {name} is missing from SupplyGate.Core.");

    private static byte[] Read(string name)
    {
        using Stream stream = Open(name);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

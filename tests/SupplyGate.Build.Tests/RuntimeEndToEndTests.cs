using System.Text.Json;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The .NET runtime as a component: a real self-contained net8.0 publish on runtime pack 8.0.0 must carry
/// every CVE fixed in a later 8.0.x release (computed here from the release metadata) and be end-of-life.
/// </summary>
[Trait("Category", "e2e")]
public sealed class RuntimeEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new("sg-net8");

    [Fact]
    public void Net8AppOnRuntimePack800_IsFlaggedWithLaterPatchCvesAndEndOfLife()
    {
        string app = _temp.Combine("Net8App");
        TempDirectory.CopyDirectory(Path.Combine(RepositoryPaths.Root, "tests", "Samples", "Net8App"), app);
        File.Copy(Path.Combine(RepositoryPaths.Root, "tests", "Samples", "Directory.Build.props"), _temp.Combine("Directory.Build.props"));
        File.Copy(Path.Combine(RepositoryPaths.Root, "tests", "Samples", "Directory.Packages.props"), _temp.Combine("Directory.Packages.props"));
        string publishDir = Path.Combine(app, "out");
        ProcessResult publish = ProcessRunner.Dotnet(app, null, "publish", "-c", "Release", "-o", publishDir, "-p:UseSharedCompilation=false", "-nodeReuse:false");
        Assert.True(publish.ExitCode == 0, publish.All);

        Bom bom = BomFinalizer.Finalize(NuGetInventory.Build(new NuGetInventoryRequest
        {
            AssetsFilePath = Path.Combine(app, "obj", "project.assets.json"),
            PublishDepsFilePath = Path.Combine(publishDir, "Net8App.deps.json"),
            RuntimeConfigFilePath = Path.Combine(publishDir, "Net8App.runtimeconfig.json"),
            TargetFramework = "net8.0",
            RuntimeIdentifier = "linux-x64",
        }).Bom, new BomFinalizeOptions { Reproducible = true });
        Component runtime = Assert.Single(bom.Components, c => c.GetProperty(PropertyNames.DotNetRuntime) is not null);
        Assert.Equal("8.0.0", runtime.Version);

        using IAdvisoryStore store = AdvisoryStore.OpenDefault(TimeProvider.System);
        GateOutcome outcome = GateEvaluator.Evaluate(new GateRequest
        {
            Bom = bom,
            Policy = PolicyDocument.LoadPreset("default"),
            Store = store,
            Time = TimeProvider.System,
        });

        var found = outcome.Result.Findings
            .Where(f => f.ComponentRef == runtime.BomRef)
            .SelectMany(f => f.Aliases.Prepend(f.AdvisoryId))
            .Where(id => id.StartsWith("CVE-", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        IReadOnlySet<string> expected = CvesFixedAfter("8.0.0");
        Assert.NotEmpty(expected);
        Assert.True(expected.SetEquals(found),
            $"missing: {string.Join(", ", expected.Except(found))}; unexpected: {string.Join(", ", found.Except(expected))}");
        Assert.Contains(outcome.Result.Violations, v => v.Code == "SG4004" && v.Message.Contains("8.0", StringComparison.Ordinal));
    }

    /// <summary>Every CVE listed by a stable 8.0.x release whose runtime is newer than <paramref name="installed"/>.</summary>
    private static HashSet<string> CvesFixedAfter(string installed)
    {
        using JsonDocument releases = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Fixtures", "dotnet-releases", "releases-8.0.json")));
        var baseline = Version.Parse(installed);
        var cves = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonElement release in releases.RootElement.GetProperty("releases").EnumerateArray())
        {
            string? runtimeVersion = release.TryGetProperty("runtime", out JsonElement rt) && rt.ValueKind == JsonValueKind.Object
                && rt.TryGetProperty("version", out JsonElement v) ? v.GetString() : null;
            if (runtimeVersion is null || runtimeVersion.Contains('-', StringComparison.Ordinal) || Version.Parse(runtimeVersion) <= baseline)
            {
                continue;
            }

            if (release.TryGetProperty("cve-list", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement cve in list.EnumerateArray())
                {
                    cves.Add(cve.GetProperty("cve-id").GetString()!);
                }
            }
        }

        return cves;
    }

    public void Dispose() => _temp.Dispose();
}

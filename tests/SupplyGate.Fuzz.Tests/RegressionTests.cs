namespace SupplyGate.Fuzz.Tests;

/// <summary>
/// Every input a fuzz run ever found (tests/Fuzz/regressions/&lt;target&gt;/, written there by build/fuzz.sh)
/// is replayed: it must now end in success or a coded error, within the resource bounds.
/// </summary>
[Trait("Category", "fuzz")]
public sealed class RegressionTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (FuzzTarget target in FuzzTargets.All)
        {
            foreach (string file in FuzzPaths.Inputs(FuzzPaths.Regressions(target.Name)))
            {
                data.Add(target.Name, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_recorded_finding_stays_fixed(string target, string file)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(FuzzPaths.Regressions(target), file));
        var runner = new FuzzRunner(FuzzTargets.Named(target), FuzzSettings.FromEnvironment() with { FindingsDirectory = Path.Combine(Path.GetTempPath(), "supplygate-fuzz-replay") }, _ => { });

        FuzzOutcome outcome = runner.Check(input);

        Assert.NotEqual(FuzzOutcome.KnownOpen, outcome);
    }

    [Fact]
    public void Every_regression_folder_belongs_to_a_target()
    {
        string root = Path.Combine(FuzzPaths.Root, "tests", "Fuzz", "regressions");
        string[] folders = Directory.Exists(root) ? [.. Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>()] : [];
        Assert.All(folders, folder => Assert.Contains(folder, FuzzTargets.All.Select(t => t.Name)));
    }
}

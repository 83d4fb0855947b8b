namespace SupplyGate.Cli.Tests;

/// <summary>
/// The messages a new user meets first: a mistyped preset, a policy file with several mistakes, and
/// `verify` without a trusted root. (The MSBuild side of policy errors: CheckSbomTaskTests.)
/// </summary>
[Trait("Category", "unit")]
public sealed class FirstContactMessagesTests
{
    internal const string ThreeMistakes =
        "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: bad\nspec:\n"
        + "  advisorys: {}\n"
        + "  licenses:\n    action: dney\n"
        + "  suppressions:\n    - advisory: GHSA-98g6-xh36-x2p7\n";

    internal const string EmptySbom = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[]}";

    [Fact]
    public void Check_MistypedPreset_SuggestsTheClosestOne()
    {
        using var layout = new SampleLayout(withPublish: false);

        string sbom = layout.Combine("app.cdx.json");
        File.WriteAllText(sbom, EmptySbom);

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "check", sbom, "--policy", "strcit");

        Assert.Equal(2, exit);
        Assert.Contains("'strcit' is neither a policy preset", error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'strict'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyLint_ThreeMistakes_ReportsEachWithItsPosition()
    {
        using var layout = new SampleLayout(withPublish: false);
        string bad = layout.Combine("bad.yaml");
        File.WriteAllText(bad, ThreeMistakes);

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "policy", "lint", bad);

        Assert.Equal(2, exit);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"error SG2005: {bad}:6:3: unknown key 'advisorys'", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"error SG2005: {bad}:8:13: 'dney' is not an action", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"error SG2005: {bad}:10:7: ", lines[2], StringComparison.Ordinal);
        Assert.Contains("reason", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WithoutTrustedRoot_SaysWhereOneComesFromAndPointsAtVerifyHelp()
    {
        using var layout = new SampleLayout(withPublish: false);

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "verify", "localhost:5000/team/app:1.0", "--certificate-identity", "https://ci.example/app");

        Assert.Equal(2, exit);
        Assert.Contains("Option '--trusted-root' is required", error, StringComparison.Ordinal);
        Assert.Contains("'supplygate ca init' writes one for development", error, StringComparison.Ordinal);
        Assert.Contains("docs/attestations.md", error, StringComparison.Ordinal);
        Assert.Contains("Run 'supplygate verify --help' for usage.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Run 'supplygate --help'", error, StringComparison.Ordinal);
    }
}

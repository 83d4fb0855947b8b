using System.Text.Json;
using SupplyGate.Core.Tests.Attestations;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// The action's verify and sign paths with the real CLI against a real registry (<see cref="SignedImageFixture"/>:
/// distribution 2.8, the development CA and TSA, image A signed the way a release is, image B unsigned).
/// </summary>
// SignedImageFixture runs the CLI in-process, which changes the current directory: same collection as the CLI tests.
[Trait("Category", "integration")]
public sealed class GitHubActionImageTests(SignedImageFixture fixture) : IClassFixture<SignedImageFixture>
{
    [Fact]
    public void Image_SignedByTheTrustedIdentity_VerifiesAndReportsInTheSummary()
    {
        using var temp = new TempDirectory("sg-action");

        GitHubActionTests.ActionRun run = GitHubActionTests.RunAction(
            temp.Path,
            new() { ["IMAGE"] = fixture.ImageA, ["TRUSTED_ROOT"] = fixture.Ca.TrustedRoot, ["CERTIFICATE_IDENTITY"] = AttestationTestPki.Identity },
            extra: fixture.Environment);

        Assert.True(run.Process.ExitCode == 0, run.Describe());
        Assert.Contains(run.Outputs["decision"], new[] { "pass", "warn" });
        Assert.Contains("## SupplyGate: ", run.Summary, StringComparison.Ordinal);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(run.Outputs["report"]));
        Assert.Equal(run.Outputs["decision"] == "warn" ? "pass" : run.Outputs["decision"], report.RootElement.GetProperty("decision").GetString());
    }

    [Fact]
    public void Image_WithAnotherIdentity_IsVerificationFailed_AndExitsFour()
    {
        using var temp = new TempDirectory("sg-action");

        GitHubActionTests.ActionRun run = GitHubActionTests.RunAction(
            temp.Path,
            new() { ["IMAGE"] = fixture.ImageA, ["TRUSTED_ROOT"] = fixture.Ca.TrustedRoot, ["CERTIFICATE_IDENTITY"] = "https://ci.example.com/someone/else" },
            extra: fixture.Environment);

        Assert.True(run.Process.ExitCode == 4, run.Describe());
        Assert.Equal("verification-failed", run.Outputs["decision"]);
        Assert.Equal("4", run.Outputs["exit-code"]);
        Assert.Contains("## SupplyGate verify: FAILED", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ProjectAndUnsignedImage_WithSign_SignsThenTheSameStepVerifies()
    {
        using var temp = new TempDirectory("sg-action");
        GitHubActionTests.WriteCleanSbom(temp);
        string policy = GitHubActionTests.WriteFreshEnoughPolicy(temp);

        GitHubActionTests.ActionRun run = GitHubActionTests.RunAction(
            temp.Path,
            new()
            {
                ["PROJECT"] = "clean.cdx.json",
                ["POLICY"] = policy,
                ["IMAGE"] = fixture.ImageB,
                ["SIGN"] = "true",
                ["SIGNING_KEY"] = fixture.Ca.SigningKey,
                ["SIGNING_CERTIFICATE"] = fixture.Ca.SigningCertificate,
                ["TIMESTAMP_URL"] = fixture.TsaUrl.ToString(),
                ["TRUSTED_ROOT"] = fixture.Ca.TrustedRoot,
                ["CERTIFICATE_IDENTITY"] = AttestationTestPki.Identity,
            },
            extra: fixture.Environment);

        Assert.True(run.Process.ExitCode == 0, run.Describe());
        Assert.Equal("pass", run.Outputs["decision"]);
        Assert.Contains($"Signed the SBOM and the gate result onto `{fixture.ImageB}`", run.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("verify: FAILED", run.Summary, StringComparison.Ordinal);
    }
}

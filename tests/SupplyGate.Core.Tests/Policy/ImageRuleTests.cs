using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>spec.image: base allowed (SG4006), pinned (SG4007), non-root (SG4008), base age (SG4009), denied OS packages (SG4010).</summary>
[Trait("Category", "unit")]
public sealed class ImageRuleTests
{
    private const string Digest = "sha256:4f3a9c1e2b7d8f60a5c4e3d2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e";

    private static PolicyImageFacts Facts(string? baseName = "mcr.microsoft.com/dotnet/runtime:10.0", string? user = "app", string? created = "2026-06-01T00:00:00Z") =>
        PolicyImageFacts.FromLabels(
            baseName is null ? new Dictionary<string, string>() : new Dictionary<string, string>
            {
                [PolicyImageFacts.BaseNameLabel] = baseName,
                [PolicyImageFacts.BaseDigestLabel] = Digest,
            },
            user,
            created is null ? null : DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture));

    private static PolicyResult Judge(string imageSpec, PolicyImageFacts? facts, Bom? bom = null) =>
        Evaluate(Input(ParsePolicy($"  image: {imageSpec}\n"), findings: [], bom: bom ?? Bom()) with { Image = facts });

    private static Violation Only(PolicyResult result, string code) => Assert.Single(result.Violations, v => v.Code == code);

    [Fact]
    public void FromLabels_ParsesRegistryRepositoryAndPinning()
    {
        PolicyImageFacts tagged = Facts("debian:bookworm-slim");
        PolicyImageFacts pinned = Facts("mcr.microsoft.com/dotnet/aspnet:10.0@" + Digest);

        Assert.Equal(("docker.io", "library/debian", false), (tagged.Registry, tagged.Repository, tagged.BaseReferencedByDigest));
        Assert.Equal(("mcr.microsoft.com", "dotnet/aspnet", true), (pinned.Registry, pinned.Repository, pinned.BaseReferencedByDigest));
        Assert.Equal(Digest, pinned.BaseDigest);
    }

    [Theory]
    [InlineData("{allowedRegistries: [mcr.microsoft.com], allowedAction: deny}", "mcr.microsoft.com/dotnet/runtime:10.0", null)]
    [InlineData("{allowedRegistries: [\"*.azurecr.io\", mcr.microsoft.com], allowedRepositories: [\"dotnet/*\"], allowedAction: deny}", "mcr.microsoft.com/dotnet/runtime:10.0", null)]
    [InlineData("{allowedRepositories: [\"mcr.microsoft.com/dotnet/*\"], allowedAction: deny}", "mcr.microsoft.com/dotnet/runtime:10.0", null)]
    [InlineData("{allowedRegistries: [mcr.microsoft.com], allowedAction: deny}", "debian:bookworm", "registry 'docker.io' is not in spec.image.allowedRegistries [mcr.microsoft.com]")]
    [InlineData("{allowedRepositories: [\"dotnet/*\"], allowedAction: deny}", "mcr.microsoft.com/azurelinux/base/core:3.0", "repository 'azurelinux/base/core' is not in spec.image.allowedRepositories")]
    [InlineData("{allowedRegistries: [mcr.microsoft.com], allowedAction: deny}", null, "the base image is unknown (no org.opencontainers.image.base.name label)")]
    public void BaseNotAllowed_SG4006(string spec, string? baseName, string? expected)
    {
        PolicyResult result = Judge(spec, Facts(baseName));

        Violation? violation = result.Violations.SingleOrDefault(v => v.Code == DiagnosticCode.BaseImageNotAllowed);
        if (expected is null)
        {
            Assert.Null(violation);
            return;
        }

        Assert.NotNull(violation);
        Assert.Equal(RuleIds.ImageBaseAllowed, violation.RuleId);
        Assert.Equal(RuleAction.Deny, violation.Action);
        Assert.Contains(expected, violation.Message, StringComparison.Ordinal);
        if (baseName is not null)
        {
            Assert.Contains($"base image {baseName} (label org.opencontainers.image.base.name)", violation.Message, StringComparison.Ordinal);
        }

        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Theory]
    [InlineData("warn", RuleAction.Warn, Decision.Pass)]
    [InlineData("deny", RuleAction.Deny, Decision.Deny)]
    public void NotPinned_SG4007_NamesBothLabels(string action, RuleAction expected, Decision decision)
    {
        PolicyResult result = Judge($"{{requireDigest: {action}, nonRoot: off, maxBaseAgeAction: off}}", Facts());

        Violation violation = Only(result, DiagnosticCode.BaseImageNotPinned);
        Assert.Equal(expected, violation.Action);
        Assert.Equal(
            $"base image mcr.microsoft.com/dotnet/runtime:10.0 (label org.opencontainers.image.base.name) is referenced by tag, not pinned by digest; it resolved to {Digest} (label org.opencontainers.image.base.digest): pin it as mcr.microsoft.com/dotnet/runtime:10.0@{Digest} (ContainerBaseImage)",
            violation.Message);
        Assert.Equal(decision, result.Decision);
    }

    [Fact]
    public void Pinned_OrOff_NoSG4007()
    {
        Assert.DoesNotContain(Judge("{requireDigest: deny}", Facts("mcr.microsoft.com/dotnet/runtime:10.0@" + Digest)).Violations, v => v.Code == DiagnosticCode.BaseImageNotPinned);
        Assert.DoesNotContain(Judge("{requireDigest: off}", Facts()).Violations, v => v.Code == DiagnosticCode.BaseImageNotPinned);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("root", true)]
    [InlineData("0", true)]
    [InlineData("0:0", true)]
    [InlineData("root:app", true)]
    [InlineData(" 0 ", true)]
    [InlineData("app", false)]
    [InlineData("1654", false)]
    [InlineData("1654:0", false)]
    [InlineData("rootless", false)]
    public void IsRoot(string? user, bool expected) => Assert.Equal(expected, ImageRuleEvaluator.IsRoot(user));

    [Theory]
    [InlineData("deny", "0:0", RuleAction.Deny, "config User '0:0'")]
    [InlineData("warn", null, RuleAction.Warn, "config User not set, which means root")]
    [InlineData("off", "root", null, null)]
    [InlineData("deny", "app", null, null)]
    public void RunsAsRoot_SG4008(string action, string? user, RuleAction? expected, string? message)
    {
        PolicyResult result = Judge($"{{nonRoot: {action}}}", Facts(user: user));

        Violation? violation = result.Violations.SingleOrDefault(v => v.Code == DiagnosticCode.ImageRunsAsRoot);
        Assert.Equal(expected, violation?.Action);
        if (message is not null)
        {
            Assert.Contains(message, violation!.Message, StringComparison.Ordinal);
            Assert.Equal(RuleIds.ImageNonRoot, violation.RuleId);
        }
    }

    [Theory]
    [InlineData("2026-05-01T00:00:00Z", 90, null)]                  // 61 days
    [InlineData("2026-04-02T12:00:00Z", 90, null)]                  // exactly 90 days
    [InlineData("2026-04-01T00:00:00Z", 90, "91 days ago")]
    [InlineData("2025-07-01T00:00:00Z", 30, "365 days ago")]
    public void TooOld_SG4009(string created, int maxDays, string? expected)
    {
        PolicyResult result = Judge($"{{maxBaseAgeDays: {maxDays}, maxBaseAgeAction: deny}}", Facts(created: created));

        Violation? violation = result.Violations.SingleOrDefault(v => v.Code == DiagnosticCode.BaseImageTooOld);
        if (expected is null)
        {
            Assert.Null(violation);
            return;
        }

        Assert.NotNull(violation);
        Assert.Equal(RuleAction.Deny, violation.Action);
        Assert.Contains(expected, violation.Message, StringComparison.Ordinal);
        Assert.Contains($"was created {created[..10]}", violation.Message, StringComparison.Ordinal);
        Assert.Contains($"org.opencontainers.image.base.digest {Digest}", violation.Message, StringComparison.Ordinal);
        Assert.Contains($"spec.image.maxBaseAgeDays ({maxDays})", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooOld_UnknownCreation_IsAnUncountedWarning()
    {
        PolicyResult result = Judge("{maxBaseAgeAction: deny}", Facts(created: null));

        Violation violation = Only(result, DiagnosticCode.BaseImageTooOld);
        Assert.False(violation.CountsTowardDecision);
        Assert.Contains("creation time is unknown", violation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Judge("{maxBaseAgeAction: off}", Facts(created: null)).Violations, v => v.Code == DiagnosticCode.BaseImageTooOld);
    }

    [Fact]
    public void NoImageFacts_NoImageViolations()
    {
        PolicyResult result = Evaluate(Input(PolicyDocument.LoadPreset("strict"), findings: [], bom: Bom()));

        Assert.DoesNotContain(result.Violations, v => v.RuleId.StartsWith("image.", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultPreset_WarnsOnImageRules_StrictDenies()
    {
        PolicyImageFacts facts = Facts("debian:bookworm", user: null, created: "2025-01-01T00:00:00Z");

        PolicyResult @default = Evaluate(Input(PolicyDocument.LoadPreset("default"), findings: [], bom: Bom()) with { Image = facts });
        PolicyResult strict = Evaluate(Input(PolicyDocument.LoadPreset("strict"), findings: [], bom: Bom()) with { Image = facts });

        Assert.Equal(
            [DiagnosticCode.BaseImageNotPinned, DiagnosticCode.ImageRunsAsRoot, DiagnosticCode.BaseImageTooOld],
            @default.Violations.Select(v => v.Code));
        Assert.All(@default.Violations, v => Assert.Equal(RuleAction.Warn, v.Action));
        Assert.Equal(Decision.Pass, @default.Decision);
        Assert.All(strict.Violations.Where(v => v.RuleId.StartsWith("image.", StringComparison.Ordinal)), v => Assert.Equal(RuleAction.Deny, v.Action));
        Assert.Equal(Decision.Deny, strict.Decision);
    }
}

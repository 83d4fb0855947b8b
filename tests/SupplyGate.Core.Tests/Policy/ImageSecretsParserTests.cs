using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Secrets;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>spec.image and spec.secrets in the loader, the presets and <c>policy show</c>.</summary>
[Trait("Category", "unit")]
public sealed class ImageSecretsParserTests
{
    [Fact]
    public void Presets_ImageAndSecrets()
    {
        PolicyDocument @default = PolicyDocument.LoadPreset("default");
        PolicyDocument strict = PolicyDocument.LoadPreset("strict");

        Assert.Equal(RuleAction.Deny, @default.Secrets.Action);
        Assert.Equal(
            (RuleAction.Warn, RuleAction.Warn, RuleAction.Warn, 90, RuleAction.Warn, RuleAction.Deny),
            (@default.Image.AllowedAction, @default.Image.RequireDigest, @default.Image.NonRoot, @default.Image.MaxBaseAgeDays, @default.Image.MaxBaseAgeAction, @default.Image.DeniedPackagesAction));
        Assert.Equal(RuleAction.Deny, strict.Secrets.Action);
        Assert.Equal(
            (RuleAction.Deny, RuleAction.Deny, RuleAction.Deny, 30, RuleAction.Deny, RuleAction.Deny),
            (strict.Image.AllowedAction, strict.Image.RequireDigest, strict.Image.NonRoot, strict.Image.MaxBaseAgeDays, strict.Image.MaxBaseAgeAction, strict.Image.DeniedPackagesAction));
    }

    [Fact]
    public void EmptySpec_EqualsDefaultPreset()
    {
        PolicyDocument empty = ParsePolicy("  {}\n");
        PolicyDocument preset = PolicyDocument.LoadPreset("default");

        Assert.Equal(preset.Image, empty.Image);
        Assert.Equal(preset.Secrets, empty.Secrets);
    }

    [Fact]
    public void FullImageAndSecrets_ReadEveryKey()
    {
        PolicyDocument policy = ParsePolicy("""
              image:
                allowedRegistries: [mcr.microsoft.com, "*.azurecr.io"]
                allowedRepositories: ["dotnet/*"]
                allowedAction: deny
                requireDigest: off
                nonRoot: deny
                maxBaseAgeDays: 45
                maxBaseAgeAction: off
                deniedPackages:
                  - {name: openssl, versions: "< 3.0.13-1~deb12u1", reason: CVE-2024-0727}
                  - {name: "telnet*", reason: cleartext}
                deniedPackagesAction: warn
              secrets:
                action: warn
                allow:
                  - {path: "config/dev/*.json", rule: connection-string-password, reason: local db}
                  - {path: "**/*.pem", reason: test certificates}
            """);

        Assert.Equal(["mcr.microsoft.com", "*.azurecr.io"], policy.Image.AllowedRegistries);
        Assert.Equal(["dotnet/*"], policy.Image.AllowedRepositories);
        Assert.Equal((RuleAction.Deny, RuleAction.Off, RuleAction.Deny, 45, RuleAction.Off, RuleAction.Warn),
            (policy.Image.AllowedAction, policy.Image.RequireDigest, policy.Image.NonRoot, policy.Image.MaxBaseAgeDays, policy.Image.MaxBaseAgeAction, policy.Image.DeniedPackagesAction));
        Assert.Equal(
            [new DeniedOsPackage { Name = "openssl", Versions = "< 3.0.13-1~deb12u1", Reason = "CVE-2024-0727" }, new DeniedOsPackage { Name = "telnet*", Reason = "cleartext" }],
            policy.Image.DeniedPackages);
        Assert.Equal(RuleAction.Warn, policy.Secrets.Action);
        Assert.Equal(2, policy.Secrets.Allow.Count);
        Assert.Equal((BuiltInSecretRules.ConnectionStringPassword, 21), (policy.Secrets.Allow[0].RuleId, policy.Secrets.Allow[0].Line));
        Assert.Null(policy.Secrets.Allow[1].RuleId);
    }

    [Theory]
    [InlineData("  image:\n    nonroot: deny\n", 7, 5, "unknown key 'nonroot' in 'spec.image'", "one of allowedRegistries")]
    [InlineData("  image:\n    nonRoot: yes\n", 7, 14, "'yes' is not an action for 'spec.image.nonRoot'", "deny, warn or off")]
    [InlineData("  image:\n    maxBaseAgeDays: 0\n", 7, 21, "'spec.image.maxBaseAgeDays' is '0'", "a whole number of at least 1")]
    [InlineData("  image:\n    maxBaseAgeDays: 90d\n", 7, 21, "'spec.image.maxBaseAgeDays' is '90d'", "a whole number")]
    [InlineData("  image:\n    allowedRegistries: mcr.microsoft.com\n", 7, 24, "'spec.image.allowedRegistries' is 'mcr.microsoft.com'", "a list")]
    [InlineData("  image:\n    allowedRegistries: [\"mcr microsoft\"]\n", 7, 25, "'spec.image.allowedRegistries[0]' is blank or has spaces", "'*' wildcards")]
    [InlineData("  image:\n    deniedPackages:\n      - {name: openssl, versions: \"3.0.13\", reason: r}\n", 8, 35, "'3.0.13' is not an OS package version range", "comparisons joined by commas")]
    [InlineData("  image:\n    deniedPackages:\n      - {name: openssl}\n", 8, 9, "'spec.image.deniedPackages[0]' has no 'reason'", "why the package is denied")]
    [InlineData("  image:\n    deniedPackages:\n      - {reason: r}\n", 8, 9, "'spec.image.deniedPackages[0]' has no 'name'", "a package name")]
    [InlineData("  image:\n    deniedPackages:\n      - {name: x, purl: y, reason: r}\n", 8, 19, "unknown key 'purl' in 'spec.image.deniedPackages[0]'", "name, versions, reason")]
    [InlineData("  secrets:\n    action: block\n", 7, 13, "'block' is not an action for 'spec.secrets.action'", "deny, warn or off")]
    [InlineData("  secrets:\n    allow:\n      - {path: a.json, rule: password, reason: r}\n", 8, 30, "'password' is not a secret rule in 'spec.secrets.allow[0].rule'", "private-key, aws-access-key-id")]
    [InlineData("  secrets:\n    allow:\n      - {path: a.json}\n", 8, 9, "'spec.secrets.allow[0]' has no 'reason'", "why these findings")]
    [InlineData("  secrets:\n    allow:\n      - {reason: r}\n", 8, 9, "'spec.secrets.allow[0]' has no 'path'", "a path glob")]
    [InlineData("  secrets:\n    ignore: []\n", 7, 5, "unknown key 'ignore' in 'spec.secrets'", "one of action, allow")]
    [InlineData("  secrets: [deny]\n", 6, 12, "'spec.secrets' is a list", "a mapping of action, allow")]
    public void Malformed_ReportsSG2005WithLineAndColumn(string spec, int line, int column, string what, string expected)
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => ParsePolicy(spec));

        Assert.Equal(DiagnosticCode.PolicyInvalid, error.Code);
        Assert.StartsWith($"policy.yaml:{line}:{column}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Contains("(expected ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("strict")]
    public void Write_ImageAndSecrets_ParseBack(string preset)
    {
        PolicyDocument original = PolicyDocument.LoadPreset(preset) with
        {
            Image = new ImageRules
            {
                AllowedRegistries = ["mcr.microsoft.com"],
                AllowedRepositories = ["dotnet/*"],
                NonRoot = RuleAction.Off,
                MaxBaseAgeDays = 12,
                DeniedPackages = [new DeniedOsPackage { Name = "openssl", Versions = ">= 1:2.0, < 1:2.4", Reason = "a \"quoted\" reason" }],
            },
            Secrets = new SecretRules
            {
                Action = RuleAction.Warn,
                Allow = [new SecretAllowRule { Path = "**/*.pem", RuleId = BuiltInSecretRules.PrivateKey, Reason = "test certs" }, new SecretAllowRule { Path = ".env", Reason = "r" }],
            },
        };

        PolicyDocument reparsed = PolicyDocument.Parse(Encoding.UTF8.GetBytes(PolicyYamlWriter.Write(original)), "show.yaml");

        Assert.Equal(original.Image, reparsed.Image);
        Assert.Equal(original.Secrets, reparsed.Secrets);
    }

    [Fact]
    public void WrittenPreset_HasEveryImageAndSecretsKey()
    {
        string yaml = PolicyYamlWriter.Write(PolicyDocument.LoadPreset("default"));

        foreach (string key in PolicyParser.Keys["spec.image"].Concat(PolicyParser.Keys["spec.secrets"]))
        {
            Assert.Contains($"    {key}: ", yaml, StringComparison.Ordinal);
        }
    }
}

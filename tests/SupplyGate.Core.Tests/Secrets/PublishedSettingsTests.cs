using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Secrets;
using SupplyGate.Core.Tests.Policy;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Secrets;

/// <summary>
/// Settings files in a real publish directory, gated with the default policy: eShop-style placeholders do not
/// deny, a shipped development settings file is a warning, a real-looking credential still denies.
/// </summary>
[Trait("Category", "unit")]
public sealed class PublishedSettingsTests : IDisposable
{
    private readonly TempDirectory _publish = new("sg-settings");

    [Theory]
    [InlineData("Host=localhost;Database=OrderingDb;Username=postgres;Password=yourWeak(!)Password")]
    [InlineData("Server=db;User Id=sa;Password=<your password>")]
    [InlineData("Server=db;Pwd=${DB_PASSWORD}")]
    [InlineData("Server=db;Password={{ .Values.dbPassword }}")]
    [InlineData("Server=db;Password=CHANGE_ME_BEFORE_DEPLOY")]
    [InlineData("Server=db;Password=YOUR_SQL_PASSWORD")]
    [InlineData("Server=db;Password=replace-with-real-password")]
    public void PlaceholderPassword_InDevelopmentSettings_WarnsAboutTheFileOnly(string connectionString)
    {
        Write("appsettings.Development.json", connectionString);

        PolicyResult result = Gate();

        Assert.DoesNotContain(result.Violations, v => v.Code == DiagnosticCode.SecretFound);
        Violation dev = Assert.Single(result.Violations, v => v.Code == DiagnosticCode.DevelopmentSettingsShipped);
        Assert.Equal(RuleAction.Warn, dev.Action);
        Assert.StartsWith("appsettings.Development.json: a development settings file ships", dev.Message, StringComparison.Ordinal);
        Assert.NotEqual(Decision.Deny, result.Decision);
    }

    [Theory]
    [InlineData("Host=db.internal;Username=orders;Password=Pq7!vL9#mZ2xT")]
    [InlineData("Server=tcp:prod.database.windows.net;User ID=app;Password=h8Jk2LmQ9zR4")]
    public void RealLookingPassword_InAppSettings_StillDenies(string connectionString)
    {
        Write("appsettings.json", connectionString);

        PolicyResult result = Gate();

        Violation secret = Assert.Single(result.Violations, v => v.Code == DiagnosticCode.SecretFound);
        Assert.Equal(RuleAction.Deny, secret.Action);
        Assert.StartsWith("appsettings.json:", secret.Message, StringComparison.Ordinal);
        Assert.Equal(Decision.Deny, result.Decision);
        Assert.DoesNotContain(result.Violations, v => v.Code == DiagnosticCode.DevelopmentSettingsShipped);
    }

    [Fact]
    public void DevelopmentSettings_AllowedByPath_NoWarning()
    {
        Write("appsettings.Development.json", "Server=db;Password=yourPassword");
        PolicyDocument policy = PolicyTestData.ParsePolicy(
            "  secrets:\n    allow:\n      - path: appsettings.Development.json\n        reason: local development only, no real credentials\n");

        PolicyResult result = Gate(policy);

        Assert.DoesNotContain(result.Violations, v => v.Code == DiagnosticCode.DevelopmentSettingsShipped);
        Assert.Single(result.AllowedSecrets, a => a.Finding.RuleId == BuiltInSecretRules.DevelopmentSettingsFile);
    }

    private void Write(string name, string connectionString) =>
        File.WriteAllText(
            Path.Combine(_publish.Path, name),
            "{\n  \"ConnectionStrings\": {\n    \"Orders\": \"" + connectionString.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"\n  }\n}\n");

    private PolicyResult Gate(PolicyDocument? policy = null)
    {
        using AdvisoryStore store = AdvisoryStore.OpenDefault(TimeProvider.System);
        return GateEvaluator.Evaluate(new GateRequest
        {
            Bom = PolicyTestData.Bom(),
            Policy = policy ?? PolicyDocument.LoadPreset("default"),
            Store = store,
            Secrets = PublishedSecrets.Scan(_publish.Path, CancellationToken.None),
            Time = FakeTimeProvider.At("2026-08-01T00:00:00Z"),
        }).Result;
    }

    public void Dispose() => _publish.Dispose();
}

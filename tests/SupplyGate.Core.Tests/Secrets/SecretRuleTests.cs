using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Tests.Secrets;

/// <summary>Every built-in rule: what it finds, where it points, and what it leaves alone.</summary>
[Trait("Category", "unit")]
public sealed class SecretRuleTests
{
    private static readonly SecretScanner Scanner = new();

    public static TheoryData<string, string, string, string> TruePositives()
    {
        string pemBody = FakeSecrets.PemBody();
        var data = new TheoryData<string, string, string, string>
        {
            { BuiltInSecretRules.AwsAccessKeyId, "app/config.txt", "key id: {0}\n", FakeSecrets.AwsAccessKeyId() },
            { BuiltInSecretRules.AwsAccessKeyId, "app/run.sh", "export AWS_ACCESS_KEY_ID=" + "AS" + "IA{0}\n", "ZQ3HV6R2MXKB7YNP" },
            { BuiltInSecretRules.AwsSecretAccessKey, ".aws/credentials", "[default]\naws_secret_access_key = {0}\n", FakeSecrets.AwsSecretAccessKey() },
            { BuiltInSecretRules.AwsSecretAccessKey, "appsettings.json", "{{\"Aws\": {{\"SecretAccessKey\": \"{0}\"}}}}", FakeSecrets.AwsSecretAccessKey(12) },
            { BuiltInSecretRules.GitHubToken, "deploy.sh", "curl -H 'Authorization: token {0}'\n", FakeSecrets.GitHubToken('p') },
            { BuiltInSecretRules.GitHubToken, "a.txt", "{0}", FakeSecrets.GitHubToken('o') },
            { BuiltInSecretRules.GitHubToken, "a.txt", "x={0}", FakeSecrets.GitHubToken('u') },
            { BuiltInSecretRules.GitHubToken, "a.txt", "x={0};", FakeSecrets.GitHubToken('s') },
            { BuiltInSecretRules.GitHubToken, "a.txt", "\"{0}\"", FakeSecrets.GitHubToken('r') },
            { BuiltInSecretRules.GitHubFineGrainedToken, "a.yml", "token: {0}\n", FakeSecrets.GitHubFineGrained() },
            { BuiltInSecretRules.AzureStorageKey, "appsettings.json", "{{\"Storage\": \"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={0};EndpointSuffix=core.windows.net\"}}", FakeSecrets.AzureStorageKey() },
            { BuiltInSecretRules.AzureStorageKey, "web.config", "<add key=\"bus\" value=\"Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={0}\" />", FakeSecrets.AzureStorageKey(15) },
            { BuiltInSecretRules.ConnectionStringPassword, "appsettings.Production.json", "{{\"ConnectionStrings\": {{\"Db\": \"Server=db;Database=app;User Id=sa;Password={0};\"}}}}", FakeSecrets.Password() },
            { BuiltInSecretRules.ConnectionStringPassword, "App.config", "<add name=\"Db\" connectionString=\"Data Source=db;Uid=app;Pwd={0}\" />", FakeSecrets.Password(19) },
            { BuiltInSecretRules.ConnectionStringPassword, ".env", "DB_PASSWORD={0}\n", FakeSecrets.Password(20) },
            { BuiltInSecretRules.ConnectionStringPassword, "prod.env", "DB_PASSWORD=\"{0}\"\n", FakeSecrets.Password(21) },
            { BuiltInSecretRules.NuGetApiKey, "nuget.sh", "dotnet nuget push x.nupkg --api-key {0}\n", FakeSecrets.NuGetApiKey() },
            { BuiltInSecretRules.Jwt, "token.txt", "Authorization: Bearer {0}\n", FakeSecrets.Jwt() },
        };
        foreach (string kind in new[] { "", "RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED " })
        {
            data.Add(BuiltInSecretRules.PrivateKey, $"keys/{kind.Trim().ToLowerInvariant()}id.key", FakeSecrets.Pem(kind, "{0}"), pemBody);
        }

        data.Add(BuiltInSecretRules.PrivateKey, "keys/legacy.pem", FakeSecrets.Pem("RSA ", "{0}", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D4E5F60718293A4B5C6D7E8F9\n\n"), pemBody);
        return data;
    }

    [Theory]
    [MemberData(nameof(TruePositives))]
    public void Rule_FindsSecret_AtItsPosition_WithoutLeakingIt(string ruleId, string path, string template, string secret)
    {
        string text = template.Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal).Replace("{0}", secret, StringComparison.Ordinal);
        string fullSecret = ruleId == BuiltInSecretRules.AwsAccessKeyId && path == "app/run.sh" ? "AS" + "IA" + secret : secret;

        SecretScanResult result = Scanner.ScanText(path, text, CancellationToken.None);

        SecretFinding finding = Assert.Single(result.Findings);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(path, finding.Path);
        Assert.Equal(SecretRedaction.Redact(fullSecret.Trim()), finding.Redacted);
        Assert.EndsWith($"**** ({fullSecret.Trim().Length} chars)", finding.Redacted, StringComparison.Ordinal);
        SecretAssert.DoesNotLeak(fullSecret, finding.ToString());
        SecretAssert.DoesNotLeak(fullSecret, result.ToString());
        Assert.True(finding.Line >= 1 && finding.Column >= 1);
    }

    [Theory]
    [InlineData("a.txt", "AK" + "IAXXXXXXXXXXXXXXXX")]                     // filler: below the entropy floor
    [InlineData("a.txt", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("a.txt", "aws_secret_access_key = AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("a.txt", "AK" + "IAABCDEFGHIJKLMNOPQ")]                    // 17 characters after the prefix: not a key id
    [InlineData("appsettings.json", "{\"Db\": \"Server=db;Password=;\"}")]
    [InlineData("appsettings.json", "{\"Db\": \"Server=db;Password=<password>;\"}")]
    [InlineData("appsettings.json", "{\"Db\": \"Server=db;Password=changeme;\"}")]
    [InlineData("appsettings.json", "{\"Db\": \"Server=db;Password=${DB_PASSWORD};\"}")]
    [InlineData("appsettings.json", "{\"Db\": \"Server=db;Pwd=#{DbPassword}#;\"}")]
    [InlineData("appsettings.json", "{\"Db\": \"Server=db;Password=$(DbPassword);\"}")]
    [InlineData("appsettings.json", "{\"Db\": \"Server=db;Password=********;\"}")]
    [InlineData("appsettings.json", "{\"Db\": \"Server=db;Password={{ .Values.password }};\"}")]
    [InlineData(".env", "DB_PASSWORD=$DB_PASSWORD_FROM_VAULT\n")]
    [InlineData(".env", "DB_PASSWORD=\"\"\n")]
    [InlineData("Program.cs", "var cs = \"Server=db;Password=hunter2hunter2;\";")] // Password= is only a finding in configuration files
    [InlineData("appsettings.json", "{\"Jwt\": \"eyJhbGciOi.eyJzdWIiOi\"}")] // no signature part
    public void Rule_IgnoresPlaceholdersAndFiller(string path, string text)
    {
        SecretScanResult result = Scanner.ScanText(path, text, CancellationToken.None);

        Assert.Empty(result.Findings);
    }

    [Fact]
    public void AwsDocumentationKeys_AreNotReported()
    {
        string text = "aws_access_key_id = " + "AKIA" + "IOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY\n";

        Assert.Empty(Scanner.ScanText("credentials", text, CancellationToken.None).Findings);
    }

    [Fact]
    public void AzuriteDevelopmentKey_IsNotReported()
    {
        string text = "{\"Storage\": \"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + FakeSecrets.AzuriteKey() + ";\"}";

        Assert.Empty(Scanner.ScanText("appsettings.Development.json", text, CancellationToken.None).Findings);
    }

    [Fact]
    public void PrivateKey_PlaceholderBody_IsNotReported()
    {
        string text = FakeSecrets.Pem("RSA ", "...your key here...");

        Assert.Empty(Scanner.ScanText("README.txt", text, CancellationToken.None).Findings);
    }

    [Fact]
    public void PublicKey_IsNotReported()
    {
        string text = "-----BEGIN PUBLIC KEY-----\n" + FakeSecrets.PemBody() + "\n-----END PUBLIC KEY-----\n";

        Assert.Empty(Scanner.ScanText("key.pub", text, CancellationToken.None).Findings);
    }

    [Fact]
    public void PrivateKey_PointsAtTheBeginLine()
    {
        string text = "# deploy key\n\n  " + FakeSecrets.Pem("OPENSSH ", FakeSecrets.PemBody());

        SecretFinding finding = Assert.Single(Scanner.ScanText("id_ed25519", text, CancellationToken.None).Findings);

        Assert.Equal((3, 3), (finding.Line, finding.Column));
        Assert.Equal("Private key (PEM/OpenSSH)", finding.Title);
        Assert.Equal(Core.Kernel.Severity.Critical, finding.Severity);
    }

    [Fact]
    public void EveryRule_HasUniqueIdTitleAndTimeout()
    {
        Assert.Equal(BuiltInSecretRules.All.Count, BuiltInSecretRules.Ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(BuiltInSecretRules.All, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Title));
            Assert.NotEqual(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, rule.Pattern.MatchTimeout);
            Assert.Contains("secret", rule.Pattern.GetGroupNames());
        });
    }

    [Theory]
    [InlineData("AK" + "IAABCDEFGHIJKLMNOP", "AKIA**** (20 chars)")]
    [InlineData("hunter2", "h**** (7 chars)")]
    [InlineData("abc", "**** (3 chars)")]
    [InlineData("", "**** (0 chars)")]
    public void Redact_ShowsAtMostFourCharactersAndAQuarter(string secret, string expected) =>
        Assert.Equal(expected, SecretRedaction.Redact(secret));
}

using System.Text.RegularExpressions;
using SupplyGate.Core.Kernel;

namespace SupplyGate.Core.Secrets;

/// <summary>
/// The secret kinds SupplyGate looks for in published files and image layers. Each pattern names the secret in a <c>secret</c> group; lookarounds instead of
/// consumed delimiters keep the match start on the key name or token, which is where findings point.
/// </summary>
public static partial class BuiltInSecretRules
{
    public const string PrivateKey = "private-key";
    public const string AwsAccessKeyId = "aws-access-key-id";
    public const string AwsSecretAccessKey = "aws-secret-access-key";
    public const string GitHubToken = "github-token";
    public const string GitHubFineGrainedToken = "github-fine-grained-pat";
    public const string AzureStorageKey = "azure-storage-key";
    public const string ConnectionStringPassword = "connection-string-password";

    /// <summary>Not a detection rule: the finding that a development settings file ships (SG4016, a warning).</summary>
    public const string DevelopmentSettingsFile = "development-settings-file";
    public const string NuGetApiKey = "nuget-api-key";
    public const string Jwt = "jwt";

    // A slow pattern on a hostile file must not stall the build: past this the file is reported as not scanned.
    private const int TimeoutMs = 2000;

    /// <summary>Configuration files, where <c>Password=</c> is a credential rather than prose.</summary>
    private static readonly string[] ConfigFiles =
        ["*.json", "*.config", ".env", ".env.*", "*.env", "*.ini", "*.xml", "*.yaml", "*.yml", "*.properties", "*.conf", "*.cfg", "*.toml"];

    public static IReadOnlyList<SecretDetectionRule> All { get; } =
    [
        new()
        {
            Id = PrivateKey, Title = "Private key (PEM/OpenSSH)", Severity = Severity.Critical,
            Pattern = PrivateKeyPattern(), Keywords = ["PRIVATE KEY"], MinEntropy = 3.0,
        },
        new()
        {
            Id = AwsAccessKeyId, Title = "AWS access key id", Severity = Severity.Critical,
            Pattern = AwsAccessKeyIdPattern(), Keywords = ["AKIA", "ASIA"], MinEntropy = 3.0,
        },
        new()
        {
            Id = AwsSecretAccessKey, Title = "AWS secret access key", Severity = Severity.Critical,
            Pattern = AwsSecretAccessKeyPattern(), Keywords = ["secret"], MinEntropy = 3.5,
        },
        new()
        {
            Id = GitHubToken, Title = "GitHub token", Severity = Severity.Critical,
            Pattern = GitHubTokenPattern(), Keywords = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], MinEntropy = 3.0,
        },
        new()
        {
            Id = GitHubFineGrainedToken, Title = "GitHub fine-grained personal access token", Severity = Severity.Critical,
            Pattern = GitHubFineGrainedPattern(), Keywords = ["github_pat_"], MinEntropy = 3.0,
        },
        new()
        {
            Id = AzureStorageKey, Title = "Azure storage account key or shared access key", Severity = Severity.Critical,
            Pattern = AzureStorageKeyPattern(), Keywords = ["AccountKey", "SharedAccessKey"], MinEntropy = 3.0,
        },
        new()
        {
            Id = ConnectionStringPassword, Title = "Password in a connection string or configuration file", Severity = Severity.High,
            Pattern = ConnectionStringPasswordPattern(), Keywords = ["password", "pwd"], FileNames = ConfigFiles,
        },
        new()
        {
            Id = NuGetApiKey, Title = "NuGet API key", Severity = Severity.High,
            Pattern = NuGetApiKeyPattern(), Keywords = ["oy2"], MinEntropy = 3.0,
        },
        new()
        {
            Id = Jwt, Title = "JSON Web Token", Severity = Severity.Medium,
            Pattern = JwtPattern(), Keywords = ["eyJ"], MinEntropy = 3.0,
        },
    ];

    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(r => r.Id)];

    // PKCS#1/#8 (RSA, EC, DSA, ENCRYPTED), OpenSSH and PGP. Legacy encrypted PEM puts "Proc-Type:" and
    // "DEK-Info:" headers before the body; they are skipped so the secret group is the key material only.
    [GeneratedRegex(@"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----\s*(?:[A-Za-z][A-Za-z-]{0,40}:[^\r\n]{0,200}\r?\n)*\s*(?<secret>[A-Za-z0-9+/=\s]{32,16384}?)\s*-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex PrivateKeyPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex AwsAccessKeyIdPattern();

    // aws_secret_access_key = …, AWS_SECRET_ACCESS_KEY=…, "SecretAccessKey": "…" (credentials file, .env, JSON).
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?i:aws_?secret_?(?:access_?)?key|secret_?access_?key)[""']?\s*(?::|=>|=)\s*[""']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex AwsSecretAccessKeyPattern();

    // Classic personal (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_) and refresh (ghr_) tokens.
    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36,251})(?![A-Za-z0-9_])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex GitHubTokenPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex GitHubFineGrainedPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)\s*=\s*(?<secret>[A-Za-z0-9+/]{20,120}={0,2})", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex AzureStorageKeyPattern();

    // ADO.NET/ODBC keywords and .env-style DB_PASSWORD=; the value ends at ';', a quote or the line end.
    // "Password=;" has no value and does not match at all.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?i:password|pwd)\s*=\s*(?:""(?<secret>[^""\r\n]+)""|'(?<secret>[^'\r\n]+)'|(?<secret>[^;""'\r\n]+))", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex ConnectionStringPasswordPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<secret>oy2[a-z0-9]{43})(?![A-Za-z0-9])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex NuGetApiKeyPattern();

    // Header and payload are base64url JSON objects, so both start "eyJ"; unsigned tokens (no third part) are ignored.
    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])(?<secret>eyJ[A-Za-z0-9_\-]{8,8192}\.eyJ[A-Za-z0-9_\-]{8,16384}\.[A-Za-z0-9_\-]{16,8192})", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex JwtPattern();
}

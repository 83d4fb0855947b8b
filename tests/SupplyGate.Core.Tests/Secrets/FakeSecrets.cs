using System.Text;

namespace SupplyGate.Core.Tests.Secrets;

/// <summary>
/// Realistic-looking but random secrets, assembled at test time: the prefixes are split so this repository
/// holds nothing a secret scanner (ours or anyone's) would flag.
/// </summary>
internal static class FakeSecrets
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const string Base32 = Upper + "234567";
    private const string Alnum = Upper + Lower + Digits;

    public static string AwsAccessKeyId(int seed = 1) => "AK" + "IA" + Random(Base32, 16, seed);

    public static string AwsSecretAccessKey(int seed = 2) => Random(Alnum + "/+", 40, seed);

    public static string GitHubToken(char kind = 'p', int seed = 3) => "gh" + kind + "_" + Random(Alnum, 36, seed);

    public static string GitHubFineGrained(int seed = 4) => "github" + "_pat_" + Random(Alnum, 22, seed) + "_" + Random(Alnum, 59, seed + 1);

    public static string AzureStorageKey(int seed = 5) => Convert.ToBase64String(Bytes(64, seed));

    public static string NuGetApiKey(int seed = 6) => "oy" + "2" + Random(Lower + Digits, 43, seed);

    public static string Jwt(int seed = 7)
    {
        string header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        string payload = Base64Url(Encoding.UTF8.GetBytes("{\"sub\":\"1234567890\",\"name\":\"Test\",\"iat\":1516239022}"));
        return header + "." + payload + "." + Base64Url(Bytes(32, seed));
    }

    /// <summary>A random base64 key body wrapped at 64 columns (what a private-key finding redacts).</summary>
    public static string PemBody(int seed = 8)
    {
        string base64 = Convert.ToBase64String(Bytes(900, seed));
        return string.Join("\n", base64.Chunk(64).Select(c => new string(c)));
    }

    /// <summary>A PEM block; <paramref name="kind"/> is "", "RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED ".</summary>
    public static string Pem(string kind, string body, string headers = "") =>
        "-----BEGIN " + kind + "PRIVATE" + " KEY-----\n" + headers + body + "\n-----END " + kind + "PRIVATE" + " KEY-----\n";

    public static string Password(int seed = 9) => "Pq7!" + Random(Alnum, 14, seed);

    /// <summary>The published Azurite development key, which must not be reported.</summary>
    public static string AzuriteKey() =>
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq" + "/K1SZFPTOtr/KBHBeksoGMGw==";

    private static string Random(string alphabet, int length, int seed)
    {
        var random = new Random(seed);
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    private static byte[] Bytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

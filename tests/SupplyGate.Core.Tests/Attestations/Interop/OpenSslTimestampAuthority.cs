using System.Globalization;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Attestations;

/// <summary>
/// An independent RFC 3161 TSA: Debian's <c>openssl ts</c> answers a request over the signature bytes
/// (docs/architecture.md spec 0.6: the imprint hashes the raw signature) and the full DER TimeStampResp is returned. Lets the
/// interop test run before SupplyGate's own TSA exists, and keeps checking us against a second implementation
/// after. A missing openssl fails the test: an interop check that quietly stops running is worse than none.
/// </summary>
internal static class OpenSslTimestampAuthority
{
    public static byte[] Stamp(ReadOnlySpan<byte> signature, string tsaCertificate, string tsaKey, string chain, string workDirectory)
    {
        Directory.CreateDirectory(workDirectory);
        string data = Path.Combine(workDirectory, "signature.bin");
        string query = Path.Combine(workDirectory, "request.tsq");
        string reply = Path.Combine(workDirectory, "response.tsr");
        string config = Path.Combine(workDirectory, "tsa.cnf");
        string serial = Path.Combine(workDirectory, "tsaserial");
        File.WriteAllBytes(data, signature.ToArray());
        File.WriteAllText(serial, "01\n");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            serial = {serial}
            crypto_device = builtin
            signer_digest = sha256
            default_policy = 1.3.6.1.4.1.0.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256

            """));

        Run(["ts", "-query", "-data", data, "-sha256", "-cert", "-out", query], workDirectory);
        Run(["ts", "-reply", "-queryfile", query, "-signer", tsaCertificate, "-inkey", tsaKey, "-chain", chain, "-config", config, "-out", reply], workDirectory);
        return File.ReadAllBytes(reply);
    }

    private static void Run(string[] arguments, string workDirectory)
    {
        ProcessResult result;
        try
        {
            result = ProcessRunner.Run("openssl", arguments, workDirectory, timeout: TimeSpan.FromMinutes(1));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("openssl is not on PATH: install it (apt-get install openssl) or run build/setup.sh.", ex);
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.All}");
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Development;

/// <summary>
/// A development PKI for <c>supplygate ca init</c>: a root, an intermediate (pathLen 0), a
/// code-signing leaf and a TSA certificate, all ECDSA P-256, plus the matching trusted_root.json (docs/architecture.md spec 5)
/// with the intermediate and root under <c>certificateAuthorities</c> and the TSA chain under
/// <c>timestampAuthorities</c>. Clearly marked for development: every subject is
/// "O=SupplyGate Development, OU=Not for production use". Owns its keys.
/// </summary>
public sealed class DevelopmentCa : IDisposable
{
    private readonly EcdsaSigner _rootKey;
    private readonly EcdsaSigner _intermediateKey;

    private DevelopmentCa(
        X509Certificate2 root, EcdsaSigner rootKey, X509Certificate2 intermediate, EcdsaSigner intermediateKey,
        X509Certificate2 leaf, EcdsaSigner leafKey, X509Certificate2 tsa, EcdsaSigner tsaKey, TrustedRoot trustedRoot)
    {
        Root = root;
        _rootKey = rootKey;
        Intermediate = intermediate;
        _intermediateKey = intermediateKey;
        Leaf = leaf;
        LeafKey = leafKey;
        TimestampAuthority = tsa;
        TimestampAuthorityKey = tsaKey;
        TrustedRoot = trustedRoot;
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>The code-signing certificate: EKU codeSigning, SAN = the signer identity.</summary>
    public X509Certificate2 Leaf { get; }

    public EcdsaSigner LeafKey { get; }

    /// <summary>The TSA certificate: EKU timeStamping (critical), issued by the intermediate.</summary>
    public X509Certificate2 TimestampAuthority { get; }

    public EcdsaSigner TimestampAuthorityKey { get; }

    public TrustedRoot TrustedRoot { get; }

    /// <summary>The intermediate's key, for tests that issue more leaves from it.</summary>
    internal EcdsaSigner IntermediateKey => _intermediateKey;

    public static DevelopmentCa Create(DevelopmentCaOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);

        // Whole seconds: X.509 and trusted_root.json carry no fractions, and validFor must equal the certificates.
        DateTimeOffset start = Truncate(options.NotBefore ?? time.GetUtcNow().AddMinutes(-5));
        EcdsaSigner rootKey = EcdsaSigner.Generate();
        EcdsaSigner intermediateKey = EcdsaSigner.Generate();
        EcdsaSigner leafKey = EcdsaSigner.Generate();
        EcdsaSigner tsaKey = EcdsaSigner.Generate();
        try
        {
            X509Certificate2 root = DevelopmentCertificateFactory.CreateRoot(
                "SupplyGate Development Root CA", rootKey.Key, start, start + options.RootLifetime);
            X509Certificate2 intermediate = DevelopmentCertificateFactory.CreateIntermediate(
                "SupplyGate Development Intermediate CA", intermediateKey.Key, root, rootKey.Key, start, start + options.IntermediateLifetime,
                options.IntermediateExtendedKeyUsage);
            X509Certificate2 leaf = DevelopmentCertificateFactory.CreateCodeSigningLeaf(
                options.SignerIdentity, leafKey.Key, intermediate, intermediateKey.Key, start, start + options.LeafLifetime);
            X509Certificate2 tsa = DevelopmentCertificateFactory.CreateTimestampAuthority(
                "SupplyGate Development Timestamp Authority", tsaKey.Key, intermediate, intermediateKey.Key, start, start + options.TimestampAuthorityLifetime);
            var trustedRoot = new TrustedRoot(
                TrustedRoot.MediaType01,
                [Authority("SupplyGate Development Intermediate CA", options.AuthorityUri, [intermediate, root], intermediate)],
                [Authority("SupplyGate Development Timestamp Authority", options.AuthorityUri, [tsa, intermediate, root], tsa)],
                [],
                []);
            return new DevelopmentCa(root, rootKey, intermediate, intermediateKey, leaf, leafKey, tsa, tsaKey, trustedRoot);
        }
        catch (ArgumentException ex)
        {
            rootKey.Dispose();
            intermediateKey.Dispose();
            leafKey.Dispose();
            tsaKey.Dispose();
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"The development CA cannot be created: {ex.Message}", null, ex);
        }
    }

    /// <summary>
    /// Writes the PKI into <paramref name="directory"/>: <c>root.pem</c>, <c>intermediate.pem</c>,
    /// <c>signing.pem</c> + <c>signing.key</c>, <c>tsa.pem</c> + <c>tsa.key</c>, <c>tsa-chain.pem</c>
    /// (intermediate and root, for <c>openssl ts -reply -chain</c>), <c>root.key</c> and <c>intermediate.key</c>
    /// (to issue more development certificates), <c>trusted_root.json</c> and a README saying what it is.
    /// Private keys are PKCS#8 PEM, readable by the owner only on Unix.
    /// </summary>
    public DevelopmentCaFiles WriteTo(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        try
        {
            Directory.CreateDirectory(directory);
            var files = new DevelopmentCaFiles(directory);
            WriteText(files.RootCertificate, Root.ExportCertificatePem());
            WriteText(files.IntermediateCertificate, Intermediate.ExportCertificatePem());
            WriteText(files.SigningCertificate, Leaf.ExportCertificatePem());
            WriteText(files.TimestampAuthorityCertificate, TimestampAuthority.ExportCertificatePem());
            WriteText(files.TimestampAuthorityChain, Intermediate.ExportCertificatePem() + "\n" + Root.ExportCertificatePem());
            WriteKey(files.RootKey, _rootKey);
            WriteKey(files.IntermediateKey, _intermediateKey);
            WriteKey(files.SigningKey, LeafKey);
            WriteKey(files.TimestampAuthorityKey, TimestampAuthorityKey);
            File.WriteAllBytes(files.TrustedRoot, TrustedRootWriter.Write(TrustedRoot));
            WriteText(Path.Combine(directory, "README.txt"), Readme);
            return files;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyGateException(DiagnosticCode.OutputWriteFailed, $"Cannot write the development CA: {ex.Message}", directory, ex);
        }
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        Leaf.Dispose();
        TimestampAuthority.Dispose();
        _rootKey.Dispose();
        _intermediateKey.Dispose();
        LeafKey.Dispose();
        TimestampAuthorityKey.Dispose();
    }

    private const string Readme =
        "SupplyGate development CA - NOT FOR PRODUCTION USE.\n" +
        "Created by `supplygate ca init`. Anyone with these files can sign as this identity:\n" +
        "use it for local development and tests only, and a real CA (e.g. Fulcio) or a managed key in CI.\n" +
        "trusted_root.json works with `supplygate verify --trusted-root`, cosign --trusted-root and sigstore-js.\n";

    private static CertificateAuthority Authority(string commonName, string uri, X509Certificate2[] chain, X509Certificate2 validity) =>
        new(
            DevelopmentCertificateFactory.Organization,
            commonName,
            uri,
            chain.Select(c => (ReadOnlyMemory<byte>)c.RawData).ToList(),
            new ValidityPeriod(new DateTimeOffset(validity.NotBefore.ToUniversalTime()), new DateTimeOffset(validity.NotAfter.ToUniversalTime())));

    private static DateTimeOffset Truncate(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static void WriteText(string path, string text) => File.WriteAllText(path, text.EndsWith('\n') ? text : text + "\n", new UTF8Encoding(false));

    private static void WriteKey(string path, EcdsaSigner key)
    {
        File.Delete(path);
        if (OperatingSystem.IsWindows())
        {
            WriteText(path, key.ExportPkcs8Pem());
            return;
        }

        // Create the file owner-only before the key is in it, rather than tightening afterwards.
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            byte[] pem = Encoding.ASCII.GetBytes(key.ExportPkcs8Pem() + "\n");
            stream.Write(pem);
            CryptographicOperations.ZeroMemory(pem);
        }
    }
}

/// <summary>The files <see cref="DevelopmentCa.WriteTo"/> wrote.</summary>
public sealed record DevelopmentCaFiles(string Directory)
{
    public string RootCertificate => Path.Combine(Directory, "root.pem");

    public string RootKey => Path.Combine(Directory, "root.key");

    public string IntermediateCertificate => Path.Combine(Directory, "intermediate.pem");

    public string IntermediateKey => Path.Combine(Directory, "intermediate.key");

    public string SigningCertificate => Path.Combine(Directory, "signing.pem");

    public string SigningKey => Path.Combine(Directory, "signing.key");

    public string TimestampAuthorityCertificate => Path.Combine(Directory, "tsa.pem");

    public string TimestampAuthorityKey => Path.Combine(Directory, "tsa.key");

    public string TimestampAuthorityChain => Path.Combine(Directory, "tsa-chain.pem");

    public string TrustedRoot => Path.Combine(Directory, "trusted_root.json");
}

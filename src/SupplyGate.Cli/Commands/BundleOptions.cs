using System.CommandLine;
using System.Security.Cryptography;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// The options that say what a bundle file must prove (trusted root, signer identity or key, issuer, predicate
/// type), shared by <c>verify-bundle</c> and <c>check --bundle</c> so both verify the same way. Nothing here
/// touches the network: the trusted root, key and bundle are files.
/// </summary>
internal sealed class BundleOptions
{
    public Option<string?> TrustedRoot { get; } = new("--trusted-root") { Description = "The Sigstore trusted_root.json (CAs, timestamp authorities, transparency logs): from 'supplygate ca init', or Sigstore's public-good root." };

    public Option<string?> Identity { get; } = new("--certificate-identity") { Description = "The signer's exact SAN (URI or email) in the signing certificate." };

    public Option<string?> IdentityRegex { get; } = new("--certificate-identity-regexp") { Description = "A regular expression the signer's SAN must match in full." };

    public Option<string?> Issuer { get; } = new("--certificate-oidc-issuer") { Description = "The OIDC issuer the signing certificate must name (Fulcio certificates), e.g. https://token.actions.githubusercontent.com." };

    public Option<string?> Key { get; } = new("--key") { Description = "A PEM public key that signed the bundle, instead of a certificate identity (keyed bundles)." };

    public Option<string?> PredicateType { get; } = new("--type") { Description = "The predicate type the attested statement must have, e.g. https://cyclonedx.org/bom (default: any)." };

    public void AddTo(Command command)
    {
        command.Options.Add(TrustedRoot);
        command.Options.Add(Identity);
        command.Options.Add(IdentityRegex);
        command.Options.Add(Issuer);
        command.Options.Add(Key);
        command.Options.Add(PredicateType);
    }

    public BundleRequirements Read(CliContext context, ParseResult parseResult, string verb) => new(
        context.ResolvePath(parseResult.GetValue(TrustedRoot)) ?? throw Usage($"{verb} needs --trusted-root <trusted_root.json>: the roots of trust are never fetched."),
        parseResult.GetValue(Identity),
        parseResult.GetValue(IdentityRegex),
        parseResult.GetValue(Issuer),
        context.ResolvePath(parseResult.GetValue(Key)),
        parseResult.GetValue(PredicateType),
        verb);

    public static InvalidInputException Usage(string message) => new(DiagnosticCode.BundleArgumentsInvalid, message);
}

/// <summary>The parsed <see cref="BundleOptions"/>; checked and loaded before any verification runs.</summary>
internal sealed record BundleRequirements(string TrustedRoot, string? Identity, string? IdentityRegex, string? Issuer, string? Key, string? PredicateType, string Verb)
{
    /// <summary>Loads the trusted root and key and builds the policy for one subject digest.</summary>
    public LoadedBundleRequirements Load()
    {
        if (Key is not null && (Identity ?? IdentityRegex ?? Issuer) is not null)
        {
            throw BundleOptions.Usage("Pass either --key or a certificate identity (--certificate-identity / --certificate-identity-regexp / --certificate-oidc-issuer), not both.");
        }

        CertificateIdentityPolicy? identity = null;
        if (Key is null)
        {
            identity = (Identity, IdentityRegex) switch
            {
                ({ Length: > 0 } exact, null) => CertificateIdentityPolicy.Exact(exact),
                (null, { Length: > 0 } pattern) => CertificateIdentityPolicy.Pattern(pattern),
                (null, null) => throw BundleOptions.Usage($"{Verb} needs the expected signer: --certificate-identity <SAN>, --certificate-identity-regexp <regex> or --key <public key> (a signature from anyone the CA certified proves nothing)."),
                _ => throw BundleOptions.Usage("Pass either --certificate-identity or --certificate-identity-regexp, not both."),
            };
            identity = Issuer is { Length: > 0 } issuer ? identity.WithIssuer(issuer) : identity;
        }

        if (PredicateType is not null && !Uri.TryCreate(PredicateType, UriKind.Absolute, out _))
        {
            throw BundleOptions.Usage($"--type '{PredicateType}': expected an absolute URI such as {PredicateTypes.CycloneDx}");
        }

        byte[] trustedRootBytes = FileDigests.ReadAll(TrustedRoot, DiagnosticCode.TrustedRootInvalid, "trusted root");
        TrustedRoot root;
        try
        {
            root = TrustedRootReader.Read(trustedRootBytes);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException(ex.Code, ex.Message, TrustedRoot, ex);
        }

        byte[]? key = Key is null ? null : PublicKeyFile.Read(Key);
        return new LoadedBundleRequirements(this, root, identity, key, new VerificationInput { Path = TrustedRoot, Sha256 = Convert.ToHexStringLower(SHA256.HashData(trustedRootBytes)) });
    }
}

/// <summary>The trusted root and signer, loaded; makes the policy for a subject.</summary>
internal sealed record LoadedBundleRequirements(BundleRequirements Requirements, TrustedRoot Root, CertificateIdentityPolicy? Identity, byte[]? Key, VerificationInput RootFile)
{
    public BundleVerificationPolicy PolicyFor(string subjectSha256) =>
        (Key is null
            ? new BundleVerificationPolicy(Root, Identity!, subjectSha256, Requirements.PredicateType)
            : BundleVerificationPolicy.ForKey(Root, Key, subjectSha256, Requirements.PredicateType))
        with { AcceptMessageSignatures = true };

    public VerificationPolicyRecord Describe(string subjectSha256) => new()
    {
        CertificateIdentity = Requirements.Identity,
        CertificateIdentityRegexp = Requirements.IdentityRegex,
        CertificateOidcIssuer = Requirements.Issuer,
        PublicKeySha256 = Key is null ? null : Convert.ToHexStringLower(SHA256.HashData(Key)),
        ArtifactDigest = $"sha256:{subjectSha256}",
        PredicateType = Requirements.PredicateType,
    };
}

/// <summary>Reading the files a verification names, with errors that name them.</summary>
internal static class FileDigests
{
    public static byte[] ReadAll(string path, string code, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(code, $"Cannot read the {what}: {ex.Message}", path, ex);
        }
    }

    /// <summary>The SHA-256 of a file, streamed (artifacts may be large).</summary>
    public static string Sha256(string path, string what)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(DiagnosticCode.BundleArgumentsInvalid, $"Cannot read the {what}: {ex.Message}", path, ex);
        }
    }
}

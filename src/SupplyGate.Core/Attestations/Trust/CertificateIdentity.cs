using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Trust;

/// <summary>The kind of a subjectAlternativeName entry we match identities against.</summary>
public enum SubjectAlternativeNameKind
{
    Uri,
    Email,
}

/// <summary>One URI or email SAN of a signing certificate.</summary>
public sealed record SubjectAlternativeName(SubjectAlternativeNameKind Kind, string Value);

/// <summary>
/// The identity step: the signing certificate's SAN (URI as Fulcio issues for workflows, or email) must equal
/// the expected identity, or fully match the expected pattern. The pattern is anchored on purpose: cosign's
/// <c>--certificate-identity-regexp</c> searches unanchored, which lets <c>acme</c> accept <c>evil-acme</c>.
/// </summary>
public sealed class CertificateIdentityPolicy
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly string? _exact;
    private readonly Regex? _pattern;
    private string? _issuer;

    private CertificateIdentityPolicy(string? exact, Regex? pattern)
    {
        _exact = exact;
        _pattern = pattern;
    }

    /// <summary>The OIDC issuer the certificate must name (Fulcio's issuer extension), or null to not check it.</summary>
    public string? Issuer => _issuer;

    /// <summary>
    /// Also requires the certificate's OIDC issuer (Fulcio extension 1.3.6.1.4.1.57264.1.8, or the older .1.1):
    /// the same workflow URI means another signer when a different identity provider vouched for it.
    /// </summary>
    public CertificateIdentityPolicy WithIssuer(string issuer)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        return new CertificateIdentityPolicy(_exact, _pattern) { _issuer = issuer };
    }

    public static CertificateIdentityPolicy Exact(string identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return new CertificateIdentityPolicy(identity, null);
    }

    /// <summary>An identity pattern that must match the whole SAN (.NET regex syntax, no backtracking).</summary>
    public static CertificateIdentityPolicy Pattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        try
        {
            return new CertificateIdentityPolicy(null, new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidInputException(DiagnosticCode.IdentityMismatch, $"The certificate identity pattern is not a valid regular expression: {ex.Message}", null, ex);
        }
    }

    /// <summary>Returns the SAN that matched, or throws SG5007 listing the certificate's identities.</summary>
    public SubjectAlternativeName Verify(X509Certificate2 certificate)
    {
        IReadOnlyList<SubjectAlternativeName> names = SubjectAlternativeNames.Read(certificate);
        SubjectAlternativeName? match = names.FirstOrDefault(n => _exact is not null
            ? string.Equals(n.Value, _exact, StringComparison.Ordinal)
            : _pattern!.IsMatch(n.Value));
        if (match is not null)
        {
            if (_issuer is not null)
            {
                string? actualIssuer = FulcioIssuer.Read(certificate);
                if (!string.Equals(actualIssuer, _issuer, StringComparison.Ordinal))
                {
                    throw new VerificationFailedException(
                        DiagnosticCode.IdentityMismatch,
                        VerificationCheck.Identity,
                        $"The signing certificate's OIDC issuer does not match: expected {_issuer}, the certificate names {actualIssuer ?? "none"}.");
                }
            }

            return match;
        }

        string expected = _exact ?? $"pattern {_pattern}";
        string actual = names.Count == 0 ? "none" : string.Join(", ", names.Select(n => n.Value));
        throw new VerificationFailedException(
            DiagnosticCode.IdentityMismatch,
            VerificationCheck.Identity,
            $"The signing certificate's identity does not match: expected {expected}, the certificate has {actual}.");
    }
}

/// <summary>Reads URI and email entries of the subjectAlternativeName extension (RFC 5280 §4.2.1.6).</summary>
public static class SubjectAlternativeNames
{
    private const string SanOid = "2.5.29.17";

    public static IReadOnlyList<SubjectAlternativeName> Read(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        X509Extension? extension = certificate.Extensions[SanOid];
        if (extension is null)
        {
            return [];
        }

        var names = new List<SubjectAlternativeName>();
        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            AsnReader sequence = reader.ReadSequence();
            while (sequence.HasData)
            {
                Asn1Tag tag = sequence.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 6)
                {
                    string value = sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag);
                    names.Add(new SubjectAlternativeName(tag.TagValue == 1 ? SubjectAlternativeNameKind.Email : SubjectAlternativeNameKind.Uri, value));
                }
                else
                {
                    sequence.ReadEncodedValue();
                }
            }
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            throw new VerificationFailedException(
                DiagnosticCode.IdentityMismatch,
                VerificationCheck.Identity,
                $"The signing certificate's subjectAlternativeName extension is malformed: {ex.Message}",
                ex);
        }

        return names;
    }
}

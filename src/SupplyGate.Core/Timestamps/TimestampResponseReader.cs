using System.Collections;
using System.Formats.Asn1;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Timestamps;

/// <summary>A decoded <c>TimeStampResp</c> wrapper (RFC 3161 §2.4.2); the token inside is still undecoded.</summary>
/// <param name="Status">PKIStatus: 0 granted, 1 grantedWithMods, 2 rejection, 3 waiting, 4/5 revocation.</param>
/// <param name="StatusText">The PKIFreeText strings, joined, if any.</param>
/// <param name="FailureInfo">The PKIFailureInfo bit names, if any.</param>
/// <param name="Token">The encoded <c>TimeStampToken</c> (a CMS ContentInfo), if present.</param>
/// <param name="IsBareToken">The input was a bare token, not a response.</param>
internal sealed record ParsedTimestampResponse(
    int Status,
    string? StatusText,
    IReadOnlyList<string> FailureInfo,
    ReadOnlyMemory<byte>? Token,
    bool IsBareToken)
{
    /// <summary>granted (0) or grantedWithMods (1): the only statuses that carry a token (RFC 3161 §2.4.2).</summary>
    public bool IsGranted => Status is 0 or 1;

    public string Describe()
    {
        string status = Status switch
        {
            0 => "granted",
            1 => "grantedWithMods",
            2 => "rejection",
            3 => "waiting",
            4 => "revocationWarning",
            5 => "revocationNotification",
            _ => $"unknown status {Status}",
        };
        string text = StatusText is null ? string.Empty : $" \"{StatusText}\"";
        string fail = FailureInfo.Count == 0 ? string.Empty : $" ({string.Join(", ", FailureInfo)})";
        return status + text + fail;
    }
}

/// <summary>
/// Reads the RFC 3161 response envelope with the platform's ASN.1 reader (System.Formats.Asn1), which is safe on
/// untrusted input; BouncyCastle never sees a response (docs/architecture.md decision 7).
/// </summary>
internal static class TimestampResponseReader
{
    // PKIFailureInfo named bits (RFC 3161 §2.4.2).
    private static readonly (int Bit, string Name)[] FailureBits =
    [
        (0, "badAlg"), (2, "badRequest"), (5, "badDataFormat"), (14, "timeNotAvailable"),
        (15, "unacceptedPolicy"), (16, "unacceptedExtension"), (17, "addInfoNotAvailable"), (25, "systemFailure"),
    ];

    /// <summary>
    /// Parses a <c>TimeStampResp</c>, or recognises a bare <c>TimeStampToken</c> (a ContentInfo, whose first
    /// element is an OID where a response has the PKIStatusInfo SEQUENCE) and reports it as such.
    /// BER is accepted, not only DER: some TSAs emit indefinite lengths inside the token, and nothing here relies
    /// on a canonical encoding (the signature covers the TSTInfo, not the wrapper).
    /// </summary>
    /// <exception cref="TimestampException">SG5101 when empty, SG5106 when not a response or token.</exception>
    public static ParsedTimestampResponse Parse(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw new TimestampException(DiagnosticCode.TimestampMissing, "The RFC 3161 timestamp is empty.");
        }

        try
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.BER);
            AsnReader outer = reader.ReadSequence();
            if (reader.HasData)
            {
                throw Malformed("trailing bytes after the TimeStampResp");
            }

            if (outer.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                return new ParsedTimestampResponse(0, null, [], encoded, IsBareToken: true);
            }

            AsnReader statusInfo = outer.ReadSequence();
            if (!statusInfo.TryReadInt32(out int status))
            {
                throw Malformed("PKIStatus is not a small integer");
            }

            string? text = null;
            if (statusInfo.HasData && statusInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                AsnReader freeText = statusInfo.ReadSequence();
                var parts = new List<string>();
                while (freeText.HasData)
                {
                    parts.Add(freeText.ReadCharacterString(UniversalTagNumber.UTF8String));
                }

                text = string.Join("; ", parts);
            }

            var failures = new List<string>();
            if (statusInfo.HasData)
            {
                BitArray bits = statusInfo.ReadNamedBitList();
                foreach ((int bit, string name) in FailureBits)
                {
                    if (bit < bits.Length && bits[bit])
                    {
                        failures.Add(name);
                    }
                }
            }

            statusInfo.ThrowIfNotEmpty();
            ReadOnlyMemory<byte>? token = outer.HasData ? outer.ReadEncodedValue() : null;
            outer.ThrowIfNotEmpty();
            return new ParsedTimestampResponse(status, text, failures, token, IsBareToken: false);
        }
        catch (AsnContentException e)
        {
            throw Malformed(e.Message, e);
        }
    }

    private static TimestampException Malformed(string detail, Exception? inner = null) =>
        new(DiagnosticCode.TimestampMalformed, $"The RFC 3161 timestamp is not a valid TimeStampResp: {detail}.", inner);
}

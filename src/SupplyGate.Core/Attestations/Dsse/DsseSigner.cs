using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;

namespace SupplyGate.Core.Attestations.Dsse;

/// <summary>Signs a payload into a single-signature DSSE envelope: the signature is over PAE, never the bare payload.</summary>
public static class DsseSigner
{
    public static DsseEnvelope Sign(string payloadType, ReadOnlyMemory<byte> payload, ISigner signer)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        ArgumentNullException.ThrowIfNull(signer);
        byte[] signature = signer.Sign(Pae.Encode(payloadType, payload.Span));
        return new DsseEnvelope(payloadType, payload.ToArray(), [new DsseSignature(signature, signer.KeyId)]);
    }

    /// <summary>Signs an in-toto statement as <c>application/vnd.in-toto+json</c>.</summary>
    public static DsseEnvelope Sign(InTotoStatement statement, ISigner signer) =>
        Sign(InTotoStatement.PayloadType, InTotoStatementSerializer.Write(statement), signer);
}

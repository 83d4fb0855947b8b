using System.Globalization;
using System.Text;

namespace SupplyGate.Core.Attestations.Dsse;

/// <summary>
/// DSSE Pre-Authentication Encoding (docs/architecture.md spec 4; dsse protocol.md):
/// <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, with LEN the ASCII decimal byte length. Signing
/// PAE rather than the payload binds the payload type, so a payload cannot be replayed under another type.
/// </summary>
public static class Pae
{
    private static readonly byte[] Prefix = "DSSEv1 "u8.ToArray();

    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        byte[] type = Encoding.UTF8.GetBytes(payloadType);
        byte[] typeLength = Encoding.ASCII.GetBytes(type.Length.ToString(CultureInfo.InvariantCulture));
        byte[] bodyLength = Encoding.ASCII.GetBytes(payload.Length.ToString(CultureInfo.InvariantCulture));
        byte[] result = new byte[Prefix.Length + typeLength.Length + 1 + type.Length + 1 + bodyLength.Length + 1 + payload.Length];
        var writer = new SpanWriter(result);
        writer.Write(Prefix);
        writer.Write(typeLength);
        writer.Write((byte)' ');
        writer.Write(type);
        writer.Write((byte)' ');
        writer.Write(bodyLength);
        writer.Write((byte)' ');
        writer.Write(payload);
        return result;
    }

    private ref struct SpanWriter(Span<byte> target)
    {
        private readonly Span<byte> _target = target;
        private int _position;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_target[_position..]);
            _position += bytes.Length;
        }

        public void Write(byte value) => _target[_position++] = value;
    }
}

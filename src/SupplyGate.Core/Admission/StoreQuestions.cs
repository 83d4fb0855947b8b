using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Store;

namespace SupplyGate.Core.Admission;

/// <summary>
/// Passes every question to the store it wraps and remembers it. A judgement is a function of the SBOM, the
/// policy, the clock, the store's metadata and the answers to these questions, so when a new store answers
/// them all as the old one did, the judgement cannot have changed through the advisories.
/// </summary>
internal sealed class RecordingAdvisoryStore(IAdvisoryStore inner) : IAdvisoryStore
{
    private readonly HashSet<string> _questions = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Questions => _questions;

    public StoreInfo Info => inner.Info;

    public IReadOnlyList<Advisory> FindByPackage(string ecosystem, string name)
    {
        _questions.Add(StoreQuestions.Package(ecosystem, name));
        return inner.FindByPackage(ecosystem, name);
    }

    public IReadOnlyList<Advisory> FindById(string id)
    {
        _questions.Add(StoreQuestions.Id(id));
        return inner.FindById(id);
    }

    public RuntimeChannel? FindRuntimeChannel(string channel)
    {
        _questions.Add(StoreQuestions.Channel(channel));
        return inner.FindRuntimeChannel(channel);
    }

    /// <summary>The wrapped store belongs to its owner.</summary>
    public void Dispose()
    {
    }
}

/// <summary>
/// Questions to an advisory store as strings (<c>p\u0000ecosystem\u0000name</c>, <c>i\u0000id</c>,
/// <c>c\u0000channel</c>), and a fingerprint of a store's answers to a set of them.
/// </summary>
internal static class StoreQuestions
{
    public static string Package(string ecosystem, string name) => $"p\0{ecosystem}\0{name}";

    public static string Id(string id) => $"i\0{id}";

    public static string Channel(string channel) => $"c\0{channel}";

    /// <summary>
    /// SHA-256 over the questions in ordinal order and each answer, in the store's order, in its binary record form (everything
    /// matching and the reports read), so two stores give the same fingerprint exactly when they answer alike.
    /// <paramref name="answers"/> memoizes per-question hashes for one store version across many fingerprints.
    /// </summary>
    public static byte[] Fingerprint(IAdvisoryStore store, IEnumerable<string> questions, Dictionary<string, byte[]> answers)
    {
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string question in questions.Order(StringComparer.Ordinal))
        {
            if (!answers.TryGetValue(question, out byte[]? answer))
            {
                answer = Answer(store, question);
                answers[question] = answer;
            }

            all.AppendData(Encoding.UTF8.GetBytes(question));
            all.AppendData(answer);
        }

        return all.GetHashAndReset();
    }

    private static byte[] Answer(IAdvisoryStore store, string question)
    {
        string[] parts = question.Split('\0');
        var buffer = new ArrayBufferWriter<byte>();
        switch (parts[0])
        {
            case "p":
                foreach (Advisory advisory in store.FindByPackage(parts[1], parts[2]))
                {
                    StoredRecordCodec.Write(buffer, string.Empty, advisory);
                }

                break;
            case "i":
                foreach (Advisory advisory in store.FindById(parts[1]))
                {
                    StoredRecordCodec.Write(buffer, string.Empty, advisory);
                }

                break;
            default:
                RuntimeChannel? channel = store.FindRuntimeChannel(parts[1]);
                buffer.Write(Encoding.UTF8.GetBytes(channel?.ToString() ?? "none"));
                break;
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }
}

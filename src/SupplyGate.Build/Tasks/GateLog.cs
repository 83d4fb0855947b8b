using System.Text.Json.Serialization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace SupplyGate.Build.Tasks;

/// <summary>One diagnostic or message as the gate logged it: replayed as is when the gate is up to date.</summary>
internal sealed record GateEvent
{
    /// <summary>error, warning or message.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("file")]
    public string? File { get; init; }

    [JsonPropertyName("line")]
    public int Line { get; init; }

    /// <summary>For messages: MessageImportance as a number (0 high, 1 normal, 2 low).</summary>
    [JsonPropertyName("importance")]
    public int Importance { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }
}

/// <summary>
/// The gate's diagnostics, logged and kept in order, so an up-to-date gate emits exactly what the evaluation that
/// recorded them did: same codes, files, lines, texts and severities (warnings as errors and NoWarn act the same).
/// </summary>
internal sealed class GateLog(TaskLoggingHelper log)
{
    public const string Error = "error";
    public const string Warning = "warning";
    public const string Message = "message";

    private readonly List<GateEvent> _events = [];

    public IReadOnlyList<GateEvent> Events => _events;

    public void LogError(string? code, string? file, int line, string message) =>
        Emit(new GateEvent { Kind = Error, Code = code, File = file, Line = line, Message = message });

    public void LogWarning(string? code, string? file, int line, string message) =>
        Emit(new GateEvent { Kind = Warning, Code = code, File = file, Line = line, Message = message });

    public void LogMessage(MessageImportance importance, string? code, string? file, int line, string message) =>
        Emit(new GateEvent { Kind = Message, Code = code, File = file, Line = line, Importance = (int)importance, Message = message });

    public void LogMessage(MessageImportance importance, string message) => LogMessage(importance, null, null, 0, message);

    /// <summary>Logs <paramref name="recorded"/> again, without recording them.</summary>
    public static void Replay(TaskLoggingHelper log, IEnumerable<GateEvent> recorded)
    {
        foreach (GateEvent e in recorded)
        {
            Write(log, e);
        }
    }

    private void Emit(GateEvent e)
    {
        _events.Add(e);
        Write(log, e);
    }

    private static void Write(TaskLoggingHelper log, GateEvent e)
    {
        switch (e.Kind)
        {
            case Error:
                log.LogError(null, e.Code, null, e.File, e.Line, 0, 0, 0, "{0}", e.Message);
                break;
            case Warning:
                log.LogWarning(null, e.Code, null, e.File, e.Line, 0, 0, 0, "{0}", e.Message);
                break;
            default:
                var importance = (MessageImportance)e.Importance;
                if (e.Code is null && e.File is null)
                {
                    log.LogMessage(importance, "{0}", e.Message);
                }
                else
                {
                    log.LogMessage(null, e.Code, null, e.File, e.Line, 0, 0, 0, importance, "{0}", e.Message);
                }

                break;
        }
    }
}

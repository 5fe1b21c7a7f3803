using System.Text.Json;
using System.Text.Json.Serialization;
using Turtle.Actors.History;
using Turtle.Twin.Alerts;
using Turtle.Twin.Changes;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Api;

/// <summary>
/// Source-generated JSON for everything the CLI reads and writes: the API's camelCase names, its enums as their names
/// (the silo adds a <see cref="JsonStringEnumConverter"/> to every answer; some shared enums carry one themselves).
/// The twins, changes, failover status and history series are the shared contracts' own records (Turtle.Twin.Contracts,
/// Turtle.Actors.Abstractions), the types the silo serializes; <see cref="Indented"/> is the same for output people read.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(List<SiloInfo>))]
[JsonSerializable(typeof(List<DcOverview>))]
[JsonSerializable(typeof(List<HostSummary>))]
[JsonSerializable(typeof(HostTwin))]
[JsonSerializable(typeof(List<ProcessTwin>))]
[JsonSerializable(typeof(List<LinkTwin>))]
[JsonSerializable(typeof(FleetGraph))]
[JsonSerializable(typeof(List<HistorySeries>))]
[JsonSerializable(typeof(HistoryRow))]
[JsonSerializable(typeof(TwinChange))]
[JsonSerializable(typeof(ChangeGap))]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(FailoverView))]
[JsonSerializable(typeof(ReplicationView))]
[JsonSerializable(typeof(AlertsView))]
[JsonSerializable(typeof(HostPredictions))]
[JsonSerializable(typeof(List<TokenInfo>))]
[JsonSerializable(typeof(IssuedTokenInfo))]
[JsonSerializable(typeof(CreateTokenBody))]
[JsonSerializable(typeof(RotateTokenBody))]
[JsonSerializable(typeof(LoginBody))]
[JsonSerializable(typeof(List<AuditEntryInfo>))]
[JsonSerializable(typeof(List<UserInfo>))]
[JsonSerializable(typeof(CreatedUserInfo))]
[JsonSerializable(typeof(CreateUserBody))]
public sealed partial class TurtleJsonContext : JsonSerializerContext
{
    private static TurtleJsonContext? _indented;

    /// <summary>The same contract, indented: what <c>--format json</c> prints.</summary>
    public static TurtleJsonContext Indented => _indented ??= new TurtleJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = true });
}

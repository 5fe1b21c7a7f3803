using Turtle.Twin.Twins;

namespace Turtle.Cli.Api;

/// <summary>What <c>turtle status</c> reports: whether the silo is ready, the cluster's silos and every DC.</summary>
public sealed record StatusReport(string Server, bool Ready, IReadOnlyList<SiloInfo> Silos, IReadOnlyList<DcOverview> Dcs);

using System.Text.Json.Serialization;

namespace Turtle.Twin.Twins;

/// <summary>What the fleet holds: its DCs, hosts and links, by key.</summary>
public sealed record FleetIndex(IReadOnlyList<string> Dcs, IReadOnlyList<string> Hosts, IReadOnlyList<string> Links);

[JsonConverter(typeof(JsonStringEnumConverter<GraphNodeKind>))]
public enum GraphNodeKind
{
    Dc,
    Host,
    Process,
}

[JsonConverter(typeof(JsonStringEnumConverter<GraphEdgeKind>))]
public enum GraphEdgeKind
{
    /// <summary>A DC contains a host.</summary>
    Contains,

    /// <summary>A host runs a process.</summary>
    Runs,

    /// <summary>A network link from a host to a host or DC.</summary>
    Link,
}

/// <summary>A node of the relationship graph; <paramref name="Status"/> is its health or state, as text.</summary>
public sealed record GraphNode(string Id, GraphNodeKind Kind, string Label, string Status);

public sealed record GraphEdge(string From, string To, GraphEdgeKind Kind, string? Status = null);

/// <summary>The relationship graph: DCs contain hosts, hosts run processes, links join hosts to hosts or DCs.</summary>
public sealed record FleetGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges);

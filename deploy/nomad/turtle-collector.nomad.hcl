# A collector on every client node of the three DCs, as a Nomad system job:
#   nomad job run deploy/nomad/turtle-collector.nomad.hcl
# It observes the node (its /proc, /sys and /etc under /host, host networking) and buffers on the node's disk, so a
# restart or upgrade loses nothing: the buffer is sent when it is back.

variable "image" {
  type    = string
  default = "registry.example/turtle-collector:1.0.0"
}

job "turtle-collector" {
  datacenters = ["dc1", "dc2", "dc3"]
  type        = "system"

  update {
    max_parallel = 1
    stagger      = "10s"
  }

  group "collector" {
    volume "buffer" {
      type   = "host"
      source = "turtle-collector-buffer"
    }

    task "collector" {
      driver       = "docker"
      kill_signal  = "SIGTERM"
      kill_timeout = "15s"

      config {
        image           = var.image
        network_mode    = "host"
        readonly_rootfs = true
        cap_drop        = ["ALL"]
        security_opt    = ["no-new-privileges"]
        args            = ["--config", "/local/collector.yaml", "--host", "${node.unique.name}"]
        mount {
          type     = "bind"
          source   = "/proc"
          target   = "/host/proc"
          readonly = true
        }
        mount {
          type     = "bind"
          source   = "/sys"
          target   = "/host/sys"
          readonly = true
        }
        mount {
          type     = "bind"
          source   = "/etc"
          target   = "/host/etc"
          readonly = true
        }
      }

      volume_mount {
        volume      = "buffer"
        destination = "/var/lib/turtle-collector"
      }

      # The node's DC's collector settings (deploy/config/collector-dcN.yaml) with the node read under /host: this DC's
      # silos first, then an active DC's
      template {
        destination = "local/collector.yaml"
        data        = <<-EOT
          {{ $dc := env "node.datacenter" }}gateways:
            - https://{{ $dc }}-silo-a.example:5443
            - https://{{ if eq $dc "dc1" }}dc2{{ else }}dc1{{ end }}-silo-a.example:5443
          dc: {{ $dc }}
          root: /host
          interval: 5
          buffer:
            directory: /var/lib/turtle-collector/buffer
          tokenFile: /secrets/collector.token
        EOT
      }

      # The collector token (turtle tokens create <name>), kept in Nomad Variables beside the silo's secrets
      template {
        destination = "secrets/collector.token"
        perms       = "400"
        data        = "{{ with nomadVar \"nomad/jobs/turtle-collector\" }}{{ .token }}{{ end }}"
      }

      resources {
        cpu        = 100
        memory     = 96
        memory_max = 128
      }
    }
  }
}

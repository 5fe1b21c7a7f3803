# The silos of the three DCs as one Nomad service job (one region whose datacenters are dc1, dc2 and dc3), a task group
# per DC:
#   nomad var put nomad/jobs/turtle-silo connection_string=@conn.txt ca_crt=@ca.crt \
#       dc1_crt=@dc1-silo.crt dc1_key=@dc1-silo.key dc2_crt=@dc2-silo.crt dc2_key=@dc2-silo.key dc3_crt=@dc3-silo.crt dc3_key=@dc3-silo.key
#   nomad job run deploy/nomad/turtle-silo.nomad.hcl
# Host networking: each silo listens on and advertises its node's address, which the other DCs' silos reach.
# Settings match deploy/config/dcN.env (docs/configuration.md); secrets come from Nomad Variables, never from this file.

variable "image" {
  type    = string
  default = "registry.example/turtle-silo:1.0.0"
}

locals {
  # dc1 and dc2 active, dc3 the observer and tie-breaker (docs/three-dcs.md)
  dcs = {
    dc1 = { role = "active", silos = 2 }
    dc2 = { role = "active", silos = 2 }
    dc3 = { role = "observer", silos = 1 }
  }
}

job "turtle-silo" {
  datacenters = ["dc1", "dc2", "dc3"]
  type        = "service"

  # Rolling upgrade: one silo at a time, the next only after this one passed its checks for 30 s; a silo that does not
  # get healthy rolls the job back
  update {
    max_parallel      = 1
    health_check      = "checks"
    min_healthy_time  = "30s"
    healthy_deadline  = "5m"
    progress_deadline = "10m"
    auto_revert       = true
  }

  dynamic "group" {
    for_each = local.dcs
    labels   = [group.key]

    content {
      count = group.value.silos

      constraint {
        attribute = "${node.datacenter}"
        value     = group.key
      }

      constraint {
        distinct_hosts = true
      }

      network {
        mode = "host"
        port "http" {
          static = 5080
        }
        port "https" {
          static = 5443
        }
        port "silo" {
          static = 11111
        }
        port "gateway" {
          static = 30000
        }
      }

      # The silo's own data (replica snapshots; SQLite when not on PostgreSQL) survives restarts and upgrades
      volume "data" {
        type   = "host"
        source = "turtle-silo-data"
      }

      service {
        name     = "turtle-silo-${group.key}"
        port     = "https"
        provider = "nomad"

        check {
          name     = "live"
          type     = "http"
          port     = "http"
          path     = "/health/live"
          interval = "10s"
          timeout  = "3s"
        }

        check {
          name     = "ready"
          type     = "http"
          port     = "http"
          path     = "/health/ready"
          interval = "5s"
          timeout  = "3s"
        }
      }

      restart {
        attempts = 3
        interval = "5m"
        delay    = "10s"
        mode     = "delay"
      }

      task "silo" {
        driver = "docker"

        # SIGTERM deactivates every grain and leaves membership
        kill_signal  = "SIGTERM"
        kill_timeout = "90s"

        config {
          image        = var.image
          network_mode = "host"
          readonly_rootfs = true
          cap_drop     = ["ALL"]
          security_opt = ["no-new-privileges"]
          mount {
            type   = "tmpfs"
            target = "/tmp"
          }
        }

        volume_mount {
          volume      = "data"
          destination = "/var/lib/turtle-silo"
        }

        env {
          Turtle__ClusterId              = "turtle-prod"
          Turtle__SiloName               = "${group.key}-${NOMAD_ALLOC_INDEX}"
          Turtle__Dc                     = group.key
          Turtle__Role                   = group.value.role
          Turtle__AdvertisedAddress      = "${attr.unique.network.ip-address}"
          Turtle__SiloPort               = "${NOMAD_PORT_silo}"
          Turtle__GatewayPort            = "${NOMAD_PORT_gateway}"
          Turtle__Clustering__Provider   = "postgres"
          Turtle__Storage__Provider      = "postgres"
          Turtle__DataDir                = "/var/lib/turtle-silo"
          Kestrel__Endpoints__Local__Url = "http://${attr.unique.network.ip-address}:${NOMAD_PORT_http}"
          Kestrel__Endpoints__Public__Url = "https://${attr.unique.network.ip-address}:${NOMAD_PORT_https}"
          Kestrel__Endpoints__Public__Certificate__Path    = "${NOMAD_SECRETS_DIR}/tls.crt"
          Kestrel__Endpoints__Public__Certificate__KeyPath = "${NOMAD_SECRETS_DIR}/tls.key"
          Turtle__Networking__Tls__CertificatePath   = "${NOMAD_SECRETS_DIR}/tls.crt"
          Turtle__Networking__Tls__KeyPath           = "${NOMAD_SECRETS_DIR}/tls.key"
          Turtle__Networking__Tls__CaCertificatePath = "${NOMAD_SECRETS_DIR}/ca.crt"
          Turtle__Failover__Enabled       = "true"
          Turtle__Failover__ActiveDcs__0  = "dc1"
          Turtle__Failover__ActiveDcs__1  = "dc2"
          Turtle__Failover__ObserverDc    = "dc3"
          Turtle__Ingest__Dcs__0          = "dc1"
          Turtle__Ingest__Dcs__1          = "dc2"
          Turtle__Ingest__Dcs__2          = "dc3"
          # Sign-in on (docs/security.md: the first silo logs the admin password once); JSON log lines
          Turtle__Auth__Enabled           = "true"
          Turtle__Auth__BootstrapAdmin    = "admin"
          Turtle__Logging__Json           = "true"
        }

        # Secrets from Nomad Variables into the task's secrets directory (memory-backed, this task only)
        template {
          destination = "${NOMAD_SECRETS_DIR}/db.env"
          env         = true
          change_mode = "restart"
          data        = <<-EOT
            {{ with nomadVar "nomad/jobs/turtle-silo" }}ConnectionStrings__Turtle={{ .connection_string }}{{ end }}
          EOT
        }

        template {
          destination = "${NOMAD_SECRETS_DIR}/tls.crt"
          change_mode = "noop"
          data        = "{{ with nomadVar \"nomad/jobs/turtle-silo\" }}{{ index . \"${group.key}_crt\" }}{{ end }}"
        }

        template {
          destination = "${NOMAD_SECRETS_DIR}/tls.key"
          perms       = "0400"
          change_mode = "noop"
          data        = "{{ with nomadVar \"nomad/jobs/turtle-silo\" }}{{ index . \"${group.key}_key\" }}{{ end }}"
        }

        template {
          destination = "${NOMAD_SECRETS_DIR}/ca.crt"
          change_mode = "noop"
          data        = "{{ with nomadVar \"nomad/jobs/turtle-silo\" }}{{ .ca_crt }}{{ end }}"
        }

        # Nomad's cpu is in MHz: about two cores' worth at most; memory hard limit 2 GiB
        resources {
          cpu        = 2000
          memory     = 1536
          memory_max = 2048
        }
      }
    }
  }
}

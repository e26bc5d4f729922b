# syntax=docker/dockerfile:1
# Build: a static binary (FerretDB's SQLite driver is pure Go, so no cgo).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=docker
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/laufbahn ./cmd/laufbahn

# Run: distroless, non-root; the binary is its own health check.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/laufbahn /laufbahn
ENV LAUFBAHN_ADDR=0.0.0.0:8080 \
    LAUFBAHN_DATA=/data \
    LAUFBAHN_LOG_FORMAT=json
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=4s --start-period=20s CMD ["/laufbahn", "healthcheck"]
ENTRYPOINT ["/laufbahn"]
CMD ["serve"]

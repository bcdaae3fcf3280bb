# syntax=docker/dockerfile:1
# One image per service:  docker build --build-arg SERVICE=alliance-service -t paperlink/alliance-service .
#                         docker build --build-arg SERVICE=notification-service -t paperlink/notification-service .
# Not built on the development machines (no Docker engine there); see README, "Production".

FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests -Dspring-javaformat.skip=true -pl ${SERVICE} -am package \
 && java -Djarmode=tools -jar ${SERVICE}/target/${SERVICE}-*-exec.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 paperlink && useradd --system --uid 10001 --gid paperlink paperlink \
 && mkdir -p /var/lib/paperlink && chown paperlink:paperlink /var/lib/paperlink
WORKDIR /app
# least to most often changed, so a code change rebuilds only the last layer
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
ENV SERVER_PORT=8080 SPRING_PROFILES_ACTIVE=container
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=5 \
  CMD curl -fs http://127.0.0.1:${SERVER_PORT}/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]

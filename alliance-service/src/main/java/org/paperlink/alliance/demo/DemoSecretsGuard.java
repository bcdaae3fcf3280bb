package org.paperlink.alliance.demo;

import java.util.List;
import java.util.stream.Stream;

import org.paperlink.alliance.security.AccountService;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile, the service refuses to start while any account of the demo
 * alliance still signs in with the demo password: an installation that was once run with
 * demo data must change those passwords (or remove the accounts) before going live.
 */
@Component
@Profile("!demo")
class DemoSecretsGuard implements ApplicationRunner {

	private final AccountService accounts;

	private final JsonMapper json;

	DemoSecretsGuard(AccountService accounts, JsonMapper json) {
		this.accounts = accounts;
		this.json = json;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		DemoAlliance demo = DemoAllianceSeeder.load(this.json);
		List<String> usernames = Stream
			.concat(demo.staff().stream().map(DemoAlliance.Staff::username),
					demo.members().stream().map(DemoAlliance.DemoMember::username))
			.filter((username) -> username != null)
			.toList();
		List<String> withDemoPassword = Flux.fromIterable(usernames)
			.filterWhen((username) -> this.accounts.hasPassword(username, demo.password()))
			.collectList()
			.toFuture()
			.join();
		if (!withDemoPassword.isEmpty()) {
			throw new IllegalStateException(
					"拒绝启动：以下账号仍使用演示密码 / Refusing to start: these accounts still have " + "the demo password: "
							+ withDemoPassword + ". Change their passwords, or run with the demo profile.");
		}
	}

}

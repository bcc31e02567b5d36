package io.github.healthgrpc.internal.protocol;

import java.io.File;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.healthgrpc.ServingStatus;
import io.grpc.ServerServiceDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What of Watch a server loads before anyone watches: nothing. The table and the service
 * are used in a class loader of their own, so that what it loaded is what they needed.
 */
class WatchClassLoadingTests {

	private static final List<String> WATCH_CLASSES = List.of(Subscriptions.class.getName(),
			Subscriptions.Subscription.class.getName(), Subscriptions.class.getName() + "$Watchers",
			WatchStream.class.getName(), WatchLimitExceededException.class.getName(),
			HealthGrpcService.class.getName() + "$WatchCall");

	@Test
	void aServerNobodyWatchesLoadsNothingOfWatchAndTheFirstSubscriptionLoadsIt() throws Throwable {
		try (IsolatingClassLoader loader = new IsolatingClassLoader()) {
			// Method handles, not reflection: Class.getMethod() loads the types of every
			// method of the class.
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			Class<?> tableClass = loader.loadClass(HealthStatusTable.class.getName());
			Class<?> statusClass = loader.loadClass(ServingStatus.class.getName());
			Class<?> serviceClass = loader.loadClass(HealthGrpcService.class.getName());
			Object table = lookup.findConstructor(tableClass, MethodType.methodType(void.class)).invoke();
			Object serving = lookup.findStaticGetter(statusClass, "SERVING", statusClass).invoke();
			Object service = lookup.findConstructor(serviceClass, MethodType.methodType(void.class, tableClass))
				.invoke(table);
			lookup
				.findVirtual(serviceClass, "bindService",
						MethodType.methodType(loader.loadClass(ServerServiceDefinition.class.getName())))
				.invoke(service);
			lookup.findVirtual(tableClass, "set", MethodType.methodType(void.class, String.class, statusClass))
				.invoke(table, "", serving);
			lookup.findVirtual(tableClass, "enterTerminalState", MethodType.methodType(void.class)).invoke(table);
			lookup.findVirtual(tableClass, "resume", MethodType.methodType(void.class)).invoke(table);

			assertThat(WATCH_CLASSES).noneMatch(loader::loaded);

			Consumer<Object> ignore = (status) -> {
			};
			lookup
				.findVirtual(tableClass, "subscribe",
						MethodType.methodType(loader.loadClass(Subscriptions.Subscription.class.getName()),
								String.class, Consumer.class, int.class))
				.invoke(table, "", ignore, Integer.MAX_VALUE);

			assertThat(loader.loaded(Subscriptions.class.getName())).isTrue();
		}
	}

	/**
	 * Loads the classes of the test's class path itself, leaving the JDK's to its own.
	 */
	private static final class IsolatingClassLoader extends URLClassLoader {

		IsolatingClassLoader() throws MalformedURLException {
			super(classPath(), ClassLoader.getPlatformClassLoader());
		}

		boolean loaded(String name) {
			return findLoadedClass(name) != null;
		}

		private static URL[] classPath() throws MalformedURLException {
			List<URL> urls = new ArrayList<>();
			for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
				urls.add(new File(entry).toURI().toURL());
			}
			return urls.toArray(new URL[0]);
		}

	}

}

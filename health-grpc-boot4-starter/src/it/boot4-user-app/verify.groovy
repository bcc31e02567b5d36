// The user project's own tests ran and passed (a build that skipped them would prove nothing).
def reports = new File(basedir, 'target/surefire-reports')
assert reports.isDirectory() : 'no surefire reports: the user project ran no test'
def xml = reports.listFiles().find { it.name.endsWith('UserApplicationTests.xml') }
assert xml != null : 'UserApplicationTests did not run'
def suite = new groovy.xml.XmlSlurper().parse(xml)
assert suite.@tests.toInteger() == 2
assert suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0
return true

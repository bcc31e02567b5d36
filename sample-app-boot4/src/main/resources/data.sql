merge into greeting (lang, template) key (lang) values ('en', 'Hello, %s!');

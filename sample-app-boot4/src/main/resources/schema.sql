create table if not exists greeting (lang varchar(8) primary key, template varchar(200) not null);

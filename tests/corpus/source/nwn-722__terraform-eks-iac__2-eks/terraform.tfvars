# #Environment specifc common parameters only goes here 

PROJECT_NAME = "nemozon"

